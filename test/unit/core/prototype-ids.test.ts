// Ids that name Object.prototype's properties are ordinary ids: a delivery whose WABA,
// phone-number id and webhook field are `constructor`, `__proto__`, `toString` … gives exactly
// the records the same delivery gives with a plain id (no `function Object() …` key, no
// `portfolioId: {}`, no dropped sibling), and a portfolio map may map them.
import { describe, expect, it } from '@jest/globals';
import {
  readPortfolioMap,
  resolvePortfolio,
} from '../../../processors/domain/webhooks/portfolio-map.js';
import { runCli } from '../cli/run-cli.js';

const NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
];
const BSUID = 'US.13491208655302741918';

function lines(id: string): string {
  const envelope = (messages: unknown[], withPhone: boolean) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: id },
              contacts: [
                withPhone
                  ? { wa_id: '16505551234', user_id: BSUID, profile: { name: 'S' } }
                  : { user_id: BSUID, profile: { name: 'S' } },
              ],
              messages,
            },
          },
          { field: id, value: { anything: id } },
        ],
      },
    ],
  });
  const msg = (n: string, time: string, withPhone: boolean) => ({
    ...(withPhone ? { from: '16505551234' } : {}),
    from_user_id: BSUID,
    id: `wamid.${n}`,
    timestamp: String(Date.parse(time) / 1000),
    type: 'text',
    text: { body: 'hi' },
  });
  return [
    JSON.stringify(envelope([msg('1', '2026-03-01T10:00:00Z', true)], true)),
    JSON.stringify(envelope([msg('2', '2026-03-02T10:00:00Z', false)], false)),
  ].join('\n');
}

async function outputs(id: string): Promise<string> {
  const r = await runCli(['normalize'], `${lines(id)}\n`, {
    WAI_KEY_SECRET: 'prototype-test-secret-0123',
  });
  expect(r.code).toBe(0);
  return JSON.stringify(r.records);
}

describe('prototype-named ids', () => {
  it.each(NAMES)('%s is processed like any other id', async (name) => {
    const plain = await outputs('plainid');
    // The phone-less message shows the phone through the 30-day window of that number.
    expect(plain).toContain('"phoneSource":"RECENT_INTERACTION"');
    const weird = await outputs(name);
    // Event ids hash the ids they came with: compared with hashes blanked out.
    const blank = (text: string) => text.replace(/[0-9a-f]{32}/g, '<hash>');
    expect(blank(weird.replaceAll(name, 'plainid'))).toEqual(blank(plain));
    // Same number of events, not the ids of another record shape.
    expect(weird).not.toContain('[native code]');
    expect(weird).not.toContain('[object Object]');
  });

  it('maps portfolio ids named like prototype properties', () => {
    // As configuration arrives: JSON, where "__proto__" is an ordinary key.
    const raw: unknown = JSON.parse(
      '{"wabas": {"__proto__": "p-proto", "constructor": "p-ctor"}, "phoneNumbers": {"toString": "p-str"}}',
    );
    const { map, problems } = readPortfolioMap(raw, 'map');
    expect(problems).toEqual([]);
    const resolve = (wabaId: string | null, businessPhoneNumberId: string | null) =>
      resolvePortfolio(map, { wabaId, businessPhoneNumberId }, false).portfolioId;
    expect(resolve('__proto__', null)).toBe('p-proto');
    expect(resolve('constructor', null)).toBe('p-ctor');
    expect(resolve('x', 'toString')).toBe('p-str');
    expect(resolve('valueOf', 'hasOwnProperty')).toBe('waba:valueOf');
  });
});
