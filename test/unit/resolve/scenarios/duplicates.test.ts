// Meta (and providers) redeliver webhooks: an event with an id already seen for this contact
// is emitted once. The memory of ids is bounded per contact.
import { describe, expect, it } from '@jest/globals';
import { BSUID, bsuidKey, entryOf, event, newResolver, PHONE, phoneKeyOf, t } from '../fixtures.js';
import { present } from '../../../helpers/present.js';

const at = t('2026-07-01T10:00:00');

describe('duplicate deliveries', () => {
  it('emits a redelivered event once', () => {
    const resolver = newResolver();
    const message = event({ occurredAt: at, bsuid: BSUID });
    expect(resolver.process({ event: message }).length).toBeGreaterThan(0);
    expect(resolver.process({ event: message })).toEqual([]);
  });

  it('recognizes a redelivery that reaches the customer through a phone alias', () => {
    const resolver = newResolver();
    resolver.process({ event: event({ occurredAt: at, phone: PHONE, bsuid: BSUID }) });
    const phoneOnly = event({ occurredAt: at + 1, phone: PHONE });
    expect(resolver.process({ event: phoneOnly }).length).toBeGreaterThan(0);
    expect(resolver.process({ event: phoneOnly })).toEqual([]);
    expect(entryOf(resolver, phoneKeyOf(PHONE))?.recentEventIds).toEqual([]);
  });

  it('keeps only the configured number of recent ids per contact', () => {
    const resolver = newResolver({ dedupMemorySize: 3 });
    const events = [0, 1, 2, 3].map((i) => event({ occurredAt: at + i, bsuid: BSUID }));
    for (const e of events) resolver.process({ event: e });
    expect(entryOf(resolver, bsuidKey(BSUID))?.recentEventIds).toEqual(
      events.slice(1).map((e) => e.eventId),
    );
    // The oldest id fell out of the memory: only then can it be emitted again.
    expect(resolver.process({ event: present(events[0]) }).length).toBeGreaterThan(0);
    expect(resolver.process({ event: present(events[3]) })).toEqual([]);
  });
});
