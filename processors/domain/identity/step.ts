// The identity rules as one pure function: (key, the key's own entry, the portfolio's
// settings, an item) → outputs, state changes, follow-ups for other keys. The portfolio's
// owner runs it (memory-resolver.ts), in the normalize CLI and in the Kafka worker alike.
import type { NormalizedEvent } from '../events/event.js';
import type { OutboundRequest } from '../outbound/request.js';
import { stepOutbound } from './outbound-route.js';
import { deleteContact, purgeIfPointsTo, setContactBook } from './admin.js';
import type { ResolveItem } from './commands.js';
import type { ResolverConfig } from './config.js';
import type { ContactEntry } from './entry.js';
import { defaultEventKey } from '../events/event-key.js';
import { contactKey, phoneKey } from './keys.js';
import { absorb, linkPhone, releasePhone, supersede } from './lineage.js';
import type { PortfolioSettings } from './portfolio.js';
import type { StepResult } from './records.js';
import { resolveEvent } from './resolve-event.js';

export function step(
  key: string,
  entry: ContactEntry | undefined,
  settings: PortfolioSettings,
  item: ResolveItem,
  config: ResolverConfig,
): StepResult {
  switch (item.type) {
    case 'event':
      return resolveEvent(key, entry, settings, item, config);
    case 'outbound':
      return stepOutbound(key, entry, settings, item, config);
    case 'linkPhone':
      return linkPhone(key, entry, item);
    case 'absorb':
      return absorb(key, entry, settings, item, config);
    case 'supersede':
      return supersede(key, entry, item);
    case 'releasePhone':
      return releasePhone(key, entry, item, config);
    case 'deleteContact':
      return deleteContact(key, entry, item, config.hashPhone);
    case 'purgeIfPointsTo':
      return purgeIfPointsTo(key, entry, item);
    case 'setContactBook':
      return setContactBook(key, settings, item);
  }
}

/**
 * The key a split event is processed under: the split stage's own key function (BSUID,
 * else parent BSUID, else phone hash), so both stages agree on partitions and the resolve
 * stage never re-keys a split record. An identity change carries the new ids, so it lands on
 * the key that names the user now.
 */
export function eventKey(event: NormalizedEvent, config: ResolverConfig): string {
  return defaultEventKey(config.hashPhone)(event);
}

export function outboundKey(request: OutboundRequest, config: ResolverConfig): string {
  return request.waidKind === 'PHONE'
    ? phoneKey(request.portfolioId, config.hashPhone, request.waid)
    : contactKey(request.portfolioId, request.waid);
}
