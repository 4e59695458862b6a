// Where the local stack keeps things: the cache (overridable), run dirs that
// scripts/stop-local-stack finds by their place, and the Java binary (JAVA_HOME honoured).
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import {
  DEPLOY_LOCAL_DIR,
  REPO_ROOT,
  RUNS_DIR,
  defaultCacheDir,
  javaBinary,
  newRunDir,
} from '../../../../processors/adapters/local-stack/paths.js';

describe('local-stack paths', () => {
  it('finds the repo root and the checked-in POMs from the sources', () => {
    expect(existsSync(path.join(REPO_ROOT, 'package.json'))).toBe(true);
    expect(existsSync(path.join(DEPLOY_LOCAL_DIR, 'kafka', 'pom.xml'))).toBe(true);
    expect(existsSync(path.join(DEPLOY_LOCAL_DIR, 'apicurio', 'pom.xml'))).toBe(true);
    expect(RUNS_DIR).toBe(path.join(REPO_ROOT, '.run', 'local-stack'));
  });

  it('takes the cache dir from WAI_CACHE_DIR, made absolute, else the user cache', () => {
    expect(defaultCacheDir({ WAI_CACHE_DIR: '/var/cache/wai' })).toBe('/var/cache/wai');
    expect(defaultCacheDir({ WAI_CACHE_DIR: 'rel/cache' })).toBe(path.resolve('rel/cache'));
    const home = path.join(homedir(), '.cache', 'wa-identity-stream');
    expect(defaultCacheDir({ WAI_CACHE_DIR: '' })).toBe(home);
    expect(defaultCacheDir({})).toBe(home);
  });

  it('makes a fresh run dir under RUNS_DIR named by time, pid and a random part', () => {
    const a = newRunDir({});
    const b = newRunDir({});
    expect(path.dirname(a)).toBe(RUNS_DIR);
    expect(path.basename(a)).toMatch(new RegExp(`^\\d{8}T\\d{6}-${process.pid}-[0-9a-z]{1,6}$`));
    expect(a).not.toBe(b);
  });

  it("makes it under a script's own scope when WAI_LOCAL_STACK_RUNS names one", () => {
    const scope = path.join(RUNS_DIR, 'scope-test-1');
    expect(path.dirname(newRunDir({ WAI_LOCAL_STACK_RUNS: scope }))).toBe(scope);
  });

  it('runs java from JAVA_HOME when set, else from PATH', () => {
    expect(javaBinary({ JAVA_HOME: '/opt/jdk-17' })).toBe('/opt/jdk-17/bin/java');
    expect(javaBinary({ JAVA_HOME: '' })).toBe('java');
    expect(javaBinary({})).toBe('java');
  });
});
