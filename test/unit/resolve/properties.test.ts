// Properties over random histories (messages, statuses, cards, rotations, number changes,
// admin lines, outbound requests, redeliveries) in two portfolios.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import { parseAdmin } from '../../../processors/domain/identity/admin.js';
import { purgePortfolio } from '../../../processors/domain/identity/admin.js';
import type { CommandRecord } from '../../../processors/domain/identity/commands.js';
import { compileResolverConfig } from '../../../processors/domain/identity/config.js';
import type { ContactEntry } from '../../../processors/domain/identity/entry.js';
import { splitKey } from '../../../processors/domain/identity/keys.js';
import type { ResolverInput } from '../../../processors/domain/identity/memory-resolver.js';
import {
  defaultSettings,
  type PortfolioSettings,
} from '../../../processors/domain/identity/portfolio.js';
import { eventKey, step } from '../../../processors/domain/identity/step.js';
import { BPN, DAY, event, hashPhone, newResolver, OTHER_BPN, t } from './fixtures.js';

const PORTFOLIOS = ['portfolio-acme', 'portfolio-globex'];
const BSUIDS = ['US.1001', 'US.1002', 'BR.2001'];
const PHONES = ['16505550001', '16505550002', '5511999990003'];
const start = t('2026-03-20T00:00:00');

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const time = fc.integer({ min: 0, max: 200 }).map((d) => start + d * DAY);

const eventArb: fc.Arbitrary<NormalizedEvent> = fc.oneof(
  fc
    .record({
      occurredAt: time,
      portfolioId: pick(PORTFOLIOS),
      businessPhoneNumberId: pick([BPN, OTHER_BPN]),
      phone: maybe(pick(PHONES)),
      bsuid: maybe(pick(BSUIDS)),
      eventType: pick(['MESSAGE', 'STATUS'] as const),
      status: pick(['sent', 'failed']),
    })
    .map((f) =>
      event(f.eventType === 'MESSAGE' ? { ...f, status: null } : { ...f, direction: 'OUT' }),
    ),
  fc
    .record({
      occurredAt: time,
      portfolioId: pick(PORTFOLIOS),
      bsuid: pick(BSUIDS),
      card: pick(PHONES),
      origin: maybe(pick(['contact_request', 'other'])),
    })
    .map(({ card, origin, ...f }) =>
      event({ ...f, messageType: 'contacts', sharedContacts: [{ phone: card, origin }] }),
    ),
  fc
    .record({
      occurredAt: time,
      portfolioId: pick(PORTFOLIOS),
      bsuid: pick(BSUIDS),
      previousBsuid: maybe(pick(BSUIDS)),
      phone: maybe(pick(PHONES)),
      previousPhone: maybe(pick(PHONES)),
    })
    .map((f) => event({ ...f, eventType: 'IDENTITY_CHANGE', messageType: 'system' })),
);

const inputArb: fc.Arbitrary<ResolverInput | 'redeliver'> = fc.oneof(
  { weight: 8, arbitrary: eventArb.map((e) => ({ event: e })) },
  { weight: 1, arbitrary: fc.constant('redeliver' as const) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        action: pick(['disableContactBook', 'enableContactBook', 'deleteContact']),
        portfolioId: pick(PORTFOLIOS),
        bsuid: pick(BSUIDS),
        at: time,
      })
      .map((admin) => ({ admin })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        requestId: fc.string({ minLength: 1, maxLength: 4 }),
        businessPhoneNumberId: pick([BPN, OTHER_BPN]),
        portfolioId: pick(PORTFOLIOS),
        waid: pick([...BSUIDS, ...PHONES]),
        message: fc.constant({
          type: 'template',
          template: { name: 'otp', category: 'AUTHENTICATION' },
        }),
        requestedAt: time,
      })
      .map((outbound) => ({ outbound })),
  },
);

/** Inputs with redeliveries resolved to a copy of an earlier event. */
const historyArb = fc.array(inputArb, { minLength: 1, maxLength: 40 }).map((raw) => {
  const events: NormalizedEvent[] = [];
  return raw.flatMap((input): ResolverInput[] => {
    if (input !== 'redeliver') {
      if ('event' in input) events.push(input.event);
      return [input];
    }
    const earlier = events[events.length - 1];
    return earlier ? [{ event: { ...earlier } }] : [];
  });
});

function run(history: ResolverInput[], dedupMemorySize = 64) {
  const resolver = newResolver({ dedupMemorySize });
  return { resolver, outputs: history.map((input) => resolver.process(input)) };
}

describe('resolve properties', () => {
  it('is deterministic: a replay gives the same records', () => {
    fc.assert(fc.property(historyArb, (h) => expect(run(h).outputs).toEqual(run(h).outputs)));
  });

  it('never puts a phone in a key, and never shows a phone another portfolio learned', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const { outputs } = run(history);
        const learned = new Map<string, Set<string>>(PORTFOLIOS.map((p) => [p, new Set<string>()]));
        history.forEach((input, i) => {
          if ('event' in input) {
            const { portfolioId, phone, sharedContacts } = input.event;
            for (const p of [phone, ...(sharedContacts ?? []).map((c) => c.phone)]) {
              if (p !== null) learned.get(portfolioId)?.add(p);
            }
          }
          for (const record of outputs[i] ?? []) {
            for (const phone of PHONES) expect(record.key ?? '').not.toContain(phone);
            if (record.topic !== 'data-stream' && record.topic !== 'export-log') continue;
            const v = record.value;
            expect(v.phone === null).toBe(v.phoneSource === 'NONE');
            expect(v.waid).toBe(
              v.phone ?? v.bsuid ?? (record.topic === 'export-log' ? v.parentBsuid : null),
            );
            if (v.phone !== null && v.phoneSource !== 'WEBHOOK') {
              expect(learned.get(v.portfolioId)?.has(v.phone)).toBe(true);
            }
          }
        });
      }),
    );
  });

  it('emits every event, and a redelivered one once while no purge or delete intervened', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const { outputs } = run(history, 1000);
        const emitted = new Map<string, number>();
        for (const record of outputs.flat()) {
          if (record.topic === 'data-stream') {
            emitted.set(record.value.eventId, (emitted.get(record.value.eventId) ?? 0) + 1);
          }
        }
        const deletes = history.some((i) => 'admin' in i);
        for (const input of history) {
          if (!('event' in input)) continue;
          const count = emitted.get(input.event.eventId) ?? 0;
          expect(count).toBeGreaterThanOrEqual(1);
          // An event with no user identifier has no contact to remember it: passed through.
          const { bsuid, phone } = input.event;
          if (!deletes && (bsuid !== null || phone !== null)) expect(count).toBe(1);
        }
      }),
    );
  });

  it('bounds the state: id memory per entry, entries per identifier', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const { resolver } = run(history, 3);
        const entries = [...resolver.entries().values()];
        for (const entry of entries) expect(entry.recentEventIds.length).toBeLessThanOrEqual(3);
        expect(entries.length).toBeLessThanOrEqual(
          PORTFOLIOS.length * (BSUIDS.length + PHONES.length),
        );
      }),
    );
  });

  it('writes only the key it runs on (one writer per key), whatever it asks of other keys', () => {
    const config = compileResolverConfig({ hashPhone, portfolioOf: () => null });
    fc.assert(
      fc.property(historyArb, (history) => {
        // A runner like the Kafka stage's: one owner per key, commands travel as records.
        const store = new Map<string, ContactEntry>();
        const settings = new Map<string, PortfolioSettings>();
        for (const input of history) {
          let queue: CommandRecord[];
          if ('event' in input) {
            queue = [
              {
                key: eventKey(input.event, config),
                item: { type: 'event', event: input.event, hops: 0 },
              },
            ];
          } else if ('admin' in input) {
            const parsed = parseAdmin(input.admin);
            queue = parsed.ok ? [parsed.record] : [];
          } else continue;
          for (let i = 0; i < queue.length; i++) {
            const { key, item } = queue[i] as CommandRecord;
            const { portfolioId } = splitKey(key);
            const own = settings.get(portfolioId) ?? defaultSettings(portfolioId);
            const result = step(key, store.get(key), own, item, config);
            for (const change of result.changes) {
              expect(change.key).toBe(key);
              if (change.kind === 'upsert') store.set(key, change.entry);
              else if (change.kind === 'delete') store.delete(key);
              else settings.set(portfolioId, change.settings);
            }
            for (const b of result.broadcasts) {
              for (const change of purgePortfolio(b, [...store.entries()]).changes) {
                if (change.kind === 'upsert') store.set(change.key, change.entry);
                else store.delete(change.key);
              }
            }
            queue.push(...result.commands);
          }
        }
      }),
    );
  });
});
