// Property-based: whatever a record holds (random text, random JSON, Meta-shaped envelopes
// with hostile items, control records with junk bodies, Twilio forms with junk addresses),
// processing it never throws, and the record ends in outputs, or in exactly one DLQ record
// per portfolio copy, or is counted as a delivery without items.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PassThrough, Readable } from 'node:stream';
import { createMemoryResolver } from '../../../processors/domain/identity/memory-resolver.js';
import { inputKeys, readInput } from '../../../processors/domain/stream/input-log.js';
import { runNdjsonPipeline } from '../../../processors/applications/normalize/ndjson-pipeline.js';
import { resolveNormalizeSettings } from '../../../processors/applications/normalize/normalize-options.js';
import { PIPELINE_ENV } from './inputs.js';

const settings = resolveNormalizeSettings({}, PIPELINE_ENV);
const WEIRD = [
  'constructor',
  '__proto__',
  'toString',
  '',
  ' ',
  '\u0000',
  '-1',
  'True',
  'US.1',
  'US.13491208655302741918',
  '+16505551234',
  'whatsapp:+14155238886',
  '102290129340398',
  '106540352242922',
];
const scalar = fc.oneof(
  fc.constantFrom(...WEIRD),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const item = fc.dictionary(
  fc.constantFrom(
    'id',
    'from',
    'from_user_id',
    'timestamp',
    'type',
    'status',
    'recipient_id',
    'recipient_user_id',
    'wa_id',
    'user_id',
    'text',
    'errors',
    '__proto__',
    'constructor',
  ),
  fc.oneof(scalar, fc.jsonValue({ maxDepth: 2 })),
);
const envelope = fc.record({
  object: fc.oneof(fc.constant('whatsapp_business_account'), scalar),
  entry: fc.array(
    fc.record({
      id: scalar,
      changes: fc.array(
        fc.record({
          field: fc.oneof(
            fc.constantFrom(
              'messages',
              'statuses',
              'user_id_update',
              'user_preferences',
              'smb_message_echoes',
            ),
            scalar,
          ),
          value: fc.record({
            metadata: fc.record({ phone_number_id: scalar, display_phone_number: scalar }),
            contacts: fc.array(item, { maxLength: 3 }),
            messages: fc.array(item, { maxLength: 5 }),
            statuses: fc.array(item, { maxLength: 5 }),
          }),
        }),
        { maxLength: 3 },
      ),
    }),
    { maxLength: 3 },
  ),
});
const record = fc
  .oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    envelope.map((v) => JSON.stringify(v)),
    fc.record({ outbound: fc.oneof(item, scalar) }).map((v) => JSON.stringify(v)),
    fc.record({ admin: fc.oneof(item, scalar) }).map((v) => JSON.stringify(v)),
    fc
      .dictionary(
        fc.constantFrom(
          'MessageSid',
          'From',
          'To',
          'Body',
          'ExternalUserId',
          'WaId',
          'MessageStatus',
        ),
        fc.constantFrom(...WEIRD),
      )
      .map((f) => JSON.stringify(new URLSearchParams(f).toString())),
  )
  .filter((line) => !line.includes('\n'));

async function normalizeLine(line: string) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const resolver = createMemoryResolver(settings.resolver);
  const stats = await runNdjsonPipeline(Readable.from([Buffer.from(`${line}\n`)]), out, {
    routing: settings.routing,
    resolver,
    receivedAt: () => Date.UTC(2026, 8, 1),
  });
  const records = Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { topic: string; key: string | null });
  return { records, stats };
}

describe('any record, however hostile', () => {
  it('is processed without throwing and ends in outputs, one DLQ record per copy, or the empty count', async () => {
    await fc.assert(
      fc.asyncProperty(record, async (line) => {
        const copies = inputKeys(readInput(line, Date.UTC(2026, 8, 1), settings.routing)).length;
        const { records, stats } = await normalizeLine(line);
        const dlq = records.filter((r) => r.topic === 'dlq');
        expect(dlq.length).toBeLessThanOrEqual(copies);
        const blank = line.trim() === '';
        expect(records.length > 0 || stats.empty === 1 || blank).toBe(true);
        for (const r of records) expect(typeof r.topic).toBe('string');
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
