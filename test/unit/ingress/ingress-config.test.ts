import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaiError } from '../../../processors/domain/errors.js';
import { loadIngressSettings } from '../../../processors/applications/ingress/ingress-config.js';

function problems(env: Record<string, string>): string {
  try {
    loadIngressSettings(env);
  } catch (err) {
    expect(err).toBeInstanceOf(WaiError);
    return (err as WaiError).message;
  }
  throw new Error('expected a configuration error');
}

describe('loadIngressSettings', () => {
  it('enables a signed route per configured secret list, from variables and files', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wai-ingress-')), 'secrets');
    writeFileSync(file, 'file-secret-1\n\nfile-secret-2\n');
    const s = loadIngressSettings({
      WAI_META_APP_SECRETS: 'inline-secret-1, inline-secret-2',
      WAI_META_APP_SECRETS_FILE: file,
      WAI_TWILIO_AUTH_TOKENS: 'twilio-token-1',
      WAI_INGRESS_UNSIGNED: '8x8',
    });
    expect(s.routes.get('meta')).toEqual({
      kind: 'meta',
      secrets: ['inline-secret-1', 'inline-secret-2', 'file-secret-1', 'file-secret-2'],
    });
    expect(s.routes.get('twilio')).toEqual({ kind: 'twilio', authTokens: ['twilio-token-1'] });
    expect(s.routes.get('8x8')).toEqual({ kind: 'unsigned' });
    expect(s.routes.has('ycloud')).toBe(false);
    expect(s).toMatchObject({ port: 8080, maxBodyBytes: 1048576, maxInFlight: 256 });
  });

  it('reports every problem at once, each naming its variable, never echoing a secret', () => {
    const message = problems({
      WAI_META_APP_SECRETS: 'short',
      WAI_INGRESS_UNSIGNED: 'meta,telegram',
      WAI_INGRESS_PORT: '70000',
      WAI_INGRESS_PUBLIC_URL: 'hooks.example.com',
      WAI_INGRESS_MAX_BODY_BYTES: '0',
    });
    expect(message).toContain('WAI_META_APP_SECRETS: every secret must be at least 8 characters');
    expect(message).toContain('WAI_INGRESS_UNSIGNED: unknown route "telegram"');
    expect(message).toContain('WAI_INGRESS_UNSIGNED: meta has secrets configured');
    expect(message).toContain('WAI_INGRESS_PORT: must be a port number');
    expect(message).toContain('WAI_INGRESS_PUBLIC_URL: must be an http(s) URL');
    expect(message).toContain('WAI_INGRESS_MAX_BODY_BYTES: must be an integer >= 1');
    expect(message).not.toContain('short');
  });

  it('refuses to start with no route enabled, and names an unreadable secrets file', () => {
    expect(problems({})).toContain('no route is enabled');
    const message = problems({
      WAI_TWILIO_AUTH_TOKENS_FILE: '/nonexistent/tokens',
      WAI_INGRESS_UNSIGNED: 'ycloud',
    });
    expect(message).toContain(
      'WAI_TWILIO_AUTH_TOKENS_FILE: cannot read /nonexistent/tokens: ENOENT',
    );
  });

  it('signs the YCloud route once its webhook secrets are set, with a replay window', () => {
    const s = loadIngressSettings({ WAI_YCLOUD_WEBHOOK_SECRETS: 'whsec-new-1,whsec-old-0' });
    expect(s.routes.get('ycloud')).toEqual({
      kind: 'ycloud',
      secrets: ['whsec-new-1', 'whsec-old-0'],
      toleranceSeconds: 300,
    });
    const off = loadIngressSettings({
      WAI_YCLOUD_WEBHOOK_SECRETS: 'whsec-new-1',
      WAI_YCLOUD_SIGNATURE_TOLERANCE_S: '0',
    });
    expect(off.routes.get('ycloud')).toMatchObject({ toleranceSeconds: 0 });
    const message = problems({
      WAI_YCLOUD_WEBHOOK_SECRETS: 'whsec-new-1',
      WAI_INGRESS_UNSIGNED: 'ycloud',
      WAI_YCLOUD_SIGNATURE_TOLERANCE_S: '-1',
    });
    expect(message).toContain('WAI_INGRESS_UNSIGNED: ycloud has secrets configured');
    expect(message).toContain('WAI_YCLOUD_SIGNATURE_TOLERANCE_S: must be an integer >= 0');
  });
});
