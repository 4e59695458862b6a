// Twilio's addresses are validated before they become part of a key: a malformed business or
// user address goes to the DLQ naming the field, and no phone digits appear in a key or error.
import { describe, expect, it } from '@jest/globals';
import { runCli } from '../cli/run-cli.js';

const BSUID = 'US.13491208655302741918';
const fields = (overrides: Record<string, string>) =>
  new URLSearchParams({
    MessageSid: 'SM1',
    From: 'whatsapp:+16505551234',
    To: 'whatsapp:+14155238886',
    Body: 'hi',
    ...overrides,
  }).toString();

async function normalize(form: string) {
  const r = await runCli(
    ['normalize', '--received-at', '2026-09-01T00:00:00Z'],
    `${JSON.stringify(form)}\n`,
    {
      WAI_KEY_SECRET: 'twilio-address-test-secret',
    },
  );
  expect(r.code).toBe(0);
  return r;
}

describe('Twilio addresses', () => {
  it.each([
    ['To', '-14155238886'],
    ['To', "{'n': '14155238886'}"],
    ['To', ''],
    ['To', 'True'],
    ['To', `whatsapp:${BSUID}`], // a BSUID where the business number belongs
    ['From', '-1234'],
    ['From', 'True'],
    ['From', "{'n': '16505551234'}"],
  ])('%s = %j goes to the DLQ naming the field', async (field, value) => {
    const r = await normalize(fields({ [field]: value }));
    expect(r.records.map((x) => x.topic)).toEqual(['dlq']);
    const error = r.records[0]?.value?.['error'] as { field: string; message: string };
    expect(error.field).toBe(field);
    for (const digits of ['14155238886', '16505551234']) {
      expect(error.message).not.toContain(digits);
      expect(r.stderr).not.toContain(digits);
    }
  });

  it('names an unmapped business number by a hash, never in clear', async () => {
    const r = await normalize(fields({}));
    const keys = r.records.map((x) => x.key ?? '');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(/^phone-number:#[0-9a-f]{16}\|/);
      expect(key).not.toMatch(/14155238886|16505551234/);
    }
  });
});
