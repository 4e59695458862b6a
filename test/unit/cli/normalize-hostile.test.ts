// `wa-identity normalize` on hostile input: one DLQ record per input line however many of its
// items fail, bounded work, exact bytes kept, nothing vanishing without a count, and a summary
// that stays one line whatever the input holds.
import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { present } from '../../helpers/present.js';
import { runCli } from './run-cli.js';

const BSUID = 'US.13491208655302741918';
const WABA = '102290129340398';

function envelope(messages: unknown[], waba = WABA): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: waba,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              messages,
            },
          },
        ],
      },
    ],
  };
}

const message = (id: string, from: Record<string, string>) => ({
  ...from,
  id,
  timestamp: '1753440000',
  type: 'text',
  text: { body: 'x' },
});
const bad = (n: number) =>
  Array.from({ length: n }, (_, i) => message(`wamid.bad${i}`, { from: 'US.1' }));
const good = (id: string) => message(id, { from_user_id: BSUID });

describe('normalize on hostile input', () => {
  it('gives one DLQ record for a line with 999 bad items, and still emits its good one', async () => {
    const line = JSON.stringify(envelope([...bad(900), good('wamid.ok'), ...bad(99)]));
    const r = await runCli(
      ['normalize', '--stateless'],
      `${line}\n${JSON.stringify(envelope([good('wamid.next')]))}\n`,
    );
    expect(r.code).toBe(0);
    expect(r.records.map((x) => x.topic)).toEqual(['dlq', 'data-stream', 'data-stream']);
    const dlq = present(r.records[0]?.value);
    expect(dlq['original']).toBe(line);
    expect(dlq['count']).toBe(999);
    expect(dlq['failures']).toHaveLength(5);
    expect(dlq['error']).toMatchObject({ code: 'WAI_BAD_IDENTIFIER' });
    expect((dlq['error'] as { message: string }).message).toMatch(
      /^999 items could not be processed: .*; and 994 more$/,
    );
    expect(r.records.slice(1).map((x) => x.value?.['messageId'])).toEqual([
      'wamid.ok',
      'wamid.next',
    ]);
  });

  it('refuses a delivery above the item limit as one record, and goes on', async () => {
    const line = JSON.stringify(envelope(bad(10_000)));
    const r = await runCli(
      ['normalize', '--stateless'],
      `${line}\n${JSON.stringify(envelope([good('wamid.after')]))}\n`,
    );
    expect(r.records.map((x) => x.topic)).toEqual(['dlq', 'data-stream']);
    expect(present(r.records[0]?.value)['error']).toEqual({
      code: 'WAI_LIMIT_EXCEEDED',
      message: 'delivery of 10000 items is above the limit of 1000 (WAI_MAX_ITEMS_PER_RECORD)',
      field: '$',
    });
  });

  it('refuses nesting deeper than the limit without walking it recursively', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const r = await runCli(['normalize'], `${deep}\n`);
    expect(present(r.records[0]?.value)['error']).toMatchObject({ code: 'WAI_LIMIT_EXCEEDED' });
  });

  it('keeps only the head of a line above the record limit, with its length', async () => {
    const huge = JSON.stringify(envelope([good('wamid.big')])).replace(
      '"x"',
      `"${'x'.repeat(1_100_000)}"`,
    );
    const r = await runCli(
      ['normalize', '--stateless'],
      `${huge}\n${JSON.stringify(envelope([good('wamid.after')]))}\n`,
    );
    expect(r.records.map((x) => x.topic)).toEqual(['dlq', 'data-stream']);
    const dlq = present(r.records[0]?.value);
    expect(dlq['truncated']).toEqual({ bytes: Buffer.byteLength(huge) });
    expect(dlq['original']).toHaveLength(1024 * 1024);
    expect(dlq['error']).toMatchObject({ code: 'WAI_LIMIT_EXCEEDED' });
  });

  it('keeps bytes that are not UTF-8 exactly, as originalBase64', async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const r = await runCli(
      ['normalize'],
      Readable.from([Buffer.concat([bytes, Buffer.from('\n')])]),
    );
    expect(present(r.records[0]?.value)['originalBase64']).toBe(bytes.toString('base64'));
    expect(present(r.records[0]?.value)).not.toHaveProperty('original');
  });

  it('keeps control lines byte for byte, big integers and empty values included', async () => {
    const lines = [
      '{"admin":""}',
      '{"outbound":{"requestId":9007199254740993}}',
      '{ "admin" : 1 }',
    ];
    const r = await runCli(['normalize'], `${lines.join('\n')}\n`);
    expect(r.records.map((x) => x.value?.['original'])).toEqual(lines);
  });

  it('reads a bare CR as JSON whitespace inside one delivery', async () => {
    const line = JSON.stringify(envelope([good('wamid.cr')])).replaceAll(',', ',\r');
    const r = await runCli(['normalize', '--stateless'], `${line}\n`);
    expect(r.records.map((x) => [x.topic, x.value?.['messageId']])).toEqual([
      ['data-stream', 'wamid.cr'],
    ]);
  });

  it('counts blank lines and deliveries without items instead of dropping them silently', async () => {
    const empty = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const r = await runCli(['normalize'], `\n   \n${empty}\n\r\n`);
    expect(r.records).toEqual([]);
    expect(r.stderr).toMatch(
      /normalize: 1 deliveries, 0 events, 0 records, 0 dlq, 3 blank lines skipped, 1 delivery without items/,
    );
  });

  it('escapes input in the summary: one line, no control bytes', async () => {
    const line = JSON.stringify(envelope([good('wamid.inj')], '555\n[fake] line\u0000'));
    const r = await runCli(['normalize'], `${line}\n`);
    const summary = r.stderr.split('\n').filter((l) => l.startsWith('normalize:'));
    expect(summary).toHaveLength(1);
    expect(present(summary[0])).toContain('waba:555\\n[fake] line\\u0000 (1)');
    expect(r.stderr).not.toContain('\u0000');
    expect(r.stderr).not.toMatch(/^\[fake\]/m);
  });
});
