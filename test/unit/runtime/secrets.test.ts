// One secret per setting (a password, a token) from NAME or NAME_FILE: found in either,
// refused when both give one, and never echoed in a problem.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Problems } from '../../../processors/applications/problems.js';
import { singleSecret } from '../../../processors/applications/secrets.js';

const dir = mkdtempSync(join(tmpdir(), 'wai-secrets-'));
const file = join(dir, 'token');
writeFileSync(file, 'from-the-file-123\n');
const TOKEN = { minLength: 8, what: 'token' };

describe('singleSecret', () => {
  it('reads the variable or the file, and is null when neither is set', () => {
    const p = new Problems();
    expect(singleSecret({ TOKEN: ' inline-token-1 ' }, 'TOKEN', p, TOKEN)).toBe('inline-token-1');
    expect(singleSecret({ TOKEN_FILE: file }, 'TOKEN', p, TOKEN)).toBe('from-the-file-123');
    expect(singleSecret({ TOKEN: '' }, 'TOKEN', p, TOKEN)).toBeNull();
    expect(p.list).toEqual([]);
  });

  it('names the setting when both give one, when too short or unreadable, without the value', () => {
    const p = new Problems();
    singleSecret({ TOKEN: 'inline-token-1', TOKEN_FILE: file }, 'TOKEN', p, TOKEN);
    singleSecret({ SHORT: 'abc' }, 'SHORT', p, TOKEN);
    singleSecret({ GONE_FILE: join(dir, 'missing') }, 'GONE', p, TOKEN);
    expect(p.list).toEqual([
      'TOKEN: give one token: the variable or the file, not both',
      'SHORT: every secret must be at least 8 characters',
      `GONE_FILE: cannot read ${join(dir, 'missing')}: ENOENT`,
    ]);
    expect(p.list.join('\n')).not.toMatch(/inline-token|from-the-file|abc/);
  });
});
