// Shared by unit tests: a split context with a fixed secret and portfolio map.
import { keyedPhoneHash } from '../../../processors/domain/identifiers/digest.js';
import { defaultEventKey } from '../../../processors/domain/events/event-key.js';
import { parsePortfolioMap } from '../../../processors/domain/webhooks/portfolio-map.js';
import type { SplitContext } from '../../../processors/domain/webhooks/split.js';

export const TEST_SECRET = 'unit-test-secret';

export const TEST_PORTFOLIOS = parsePortfolioMap(
  { wabas: { '102290129340398': 'acme' }, phoneNumbers: { '+14155238886': 'acme' } },
  'test',
);

export function testContext(overrides: Partial<SplitContext> = {}): SplitContext {
  return {
    portfolios: TEST_PORTFOLIOS,
    strictPortfolios: false,
    keyOf: defaultEventKey((phone) => keyedPhoneHash(TEST_SECRET, phone)),
    receivedAt: null,
    ...overrides,
  };
}

/** A Meta envelope around one change value. */
export function metaDelivery(
  value: Record<string, unknown>,
  field = 'messages',
  waba = '102290129340398',
) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: waba,
        changes: [
          {
            field,
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              ...value,
            },
          },
        ],
      },
    ],
  };
}
