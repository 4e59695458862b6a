// Text from input printed for people (a summary, an error message): one value stays one line.
// Control characters (C0, DEL, C1), line and paragraph separators are escaped as \n, \u0000 …,
// so input can neither forge a line nor hide in a NUL; overly long values are cut.
function needsEscape(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

function escapeChar(c: string): string {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\\':
      return '\\\\';
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

export function escapeText(value: string, maxLength = 200): string {
  const cut = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  let out = '';
  for (const c of cut) out += c === '\\' || needsEscape(c.charCodeAt(0)) ? escapeChar(c) : c;
  return out;
}
