// Real values, not hand-made ones: every golden webhook fixture goes through the split and
// the resolve stage (in memory), followed by outbound requests and admin commands, and every
// record the stage emits for an Avro topic round-trips through its mapper and Avro bytes.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyedPhoneHash } from '../../../../processors/domain/identifiers/digest.js';
import type { NormalizedEvent } from '../../../../processors/domain/events/event.js';
import { parsePortfolioMap } from '../../../../processors/domain/webhooks/portfolio-map.js';
import type { OutputRecord } from '../../../../processors/domain/identity/records.js';
import { splitKey } from '../../../../processors/domain/identity/keys.js';
import { createMemoryResolver } from '../../../../processors/domain/identity/memory-resolver.js';
import { recordMappers } from '../../../../processors/adapters/avro/records/index.js';
import { decodeDelivery } from '../../../../processors/domain/webhooks/decode.js';
import { splitDelivery } from '../../../../processors/domain/webhooks/split.js';
import { TEST_SECRET, testContext } from '../../split/test-context.js';
import { BSUID, PHONE, viaBytes } from './samples.js';

const DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'normalize');
const BPN = '106540352242922';
const MAP = { wabas: { '102290129340398': 'acme' }, phoneNumbers: { '+14155238886': 'acme' } };

interface FixtureInput {
  delivery?: unknown;
  line?: string;
  context?: { receivedAt?: number; strictPortfolios?: boolean; portfolioMap?: unknown };
}

function splitEvents(): NormalizedEvent[] {
  const names = readdirSync(DIR)
    .filter((f) => f.endsWith('.input.json'))
    .sort();
  return names.flatMap((name) => {
    const input = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as FixtureInput;
    const c = input.context ?? {};
    const ctx = testContext({
      portfolios: parsePortfolioMap(c.portfolioMap ?? MAP, 'fixture'),
      strictPortfolios: c.strictPortfolios ?? false,
      receivedAt: c.receivedAt ?? null,
    });
    try {
      const raw = input.line === undefined ? input.delivery : decodeDelivery(input.line);
      return splitDelivery(raw, ctx).events.map((e) => e.event);
    } catch {
      return []; // fixtures of unreadable deliveries: nothing to map
    }
  });
}

const events = splitEvents();
const requestedAt = Date.UTC(2026, 6, 1);
const resolver = createMemoryResolver({
  hashPhone: (phone: string) => keyedPhoneHash(TEST_SECRET, phone),
  portfolioOf: () => 'acme',
});
const outputs: OutputRecord[] = [
  ...events.flatMap((event) => resolver.process({ event })),
  ...[BSUID, PHONE, 'US.ENT.1'].flatMap((waid, i) =>
    resolver.process({
      outbound: {
        requestId: `req-${i}`,
        businessPhoneNumberId: BPN,
        waid,
        message: { type: 'text', text: { body: 'Your order shipped' } },
        requestedAt,
      },
    }),
  ),
  ...resolver.process({
    admin: { action: 'deleteContact', portfolioId: 'acme', bsuid: BSUID, at: requestedAt },
  }),
  ...resolver.process({
    admin: { action: 'disableContactBook', portfolioId: 'acme', at: requestedAt + 1 },
  }),
];
const of = <T extends OutputRecord['topic']>(topic: T) =>
  outputs.filter((r): r is Extract<OutputRecord, { topic: T }> => r.topic === topic);

describe('records the stages really emit', () => {
  it('come from enough material to mean something', () => {
    expect(events.length).toBeGreaterThanOrEqual(40);
    for (const topic of ['data-stream', 'export-log', 'contact-book', 'outbound'] as const) {
      expect({ topic, some: of(topic).length > 0 }).toEqual({ topic, some: true });
    }
  });

  it('data-stream records round-trip, internals dropped', () => {
    const m = recordMappers.dataStream;
    for (const { value } of of('data-stream')) {
      const back = m.fromAvro(viaBytes('whatsapp.data-stream-value', m.toAvro(value)));
      expect(back).toEqual({ ...value, sharedContacts: null, rawPayload: null });
    }
  });

  it('export-log rows round-trip', () => {
    const m = recordMappers.exportLog;
    for (const { value } of of('export-log')) {
      expect(m.fromAvro(viaBytes('whatsapp.export-log-value', m.toAvro(value)))).toEqual(value);
    }
  });

  it('contact-book values round-trip, tombstones included in the run', () => {
    const m = recordMappers.contactBook;
    const records = of('contact-book');
    expect(records.some((r) => r.value === null)).toBe(true);
    for (const { value } of records) {
      if (value === null) continue; // a Kafka null, never an Avro value
      expect(m.fromAvro(viaBytes('whatsapp.contact-book-value', m.toAvro(value)))).toEqual(value);
    }
  });

  it('outbound records round-trip with their request portfolio and time', () => {
    const m = recordMappers.outboundResults;
    const routes = of('outbound').map(({ key, value }) => {
      expect(value).toMatchObject({ portfolioId: splitKey(key).portfolioId, requestedAt });
      const avro = m.toAvro(value);
      expect(m.fromAvro(viaBytes('whatsapp.outbound.results-value', avro))).toEqual(value);
      return avro.routedVia;
    });
    expect(new Set(routes)).toEqual(new Set(['to', 'recipient']));
  });
});
