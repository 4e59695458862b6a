// Calls count for Meta's 30-day rule like messages: "received a message or call from that
// phone", "sent a message or call to that user's phone". A call from the user, and a call
// the business placed that rang, open the window of that business number; a call that
// FAILED reached nobody and opens nothing. (Issue 12 item 3.)
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../processors/applications/config.js';
import { domainSettings } from '../../../processors/applications/worker/domain-settings.js';
import { createMemoryResolver } from '../../../processors/domain/identity/memory-resolver.js';
import {
  processInput,
  type ResultRecord,
} from '../../../processors/domain/stream/process-input.js';
import { BSUID, PHONE, PIPELINE_ENV, PNID, WABA, metaInbound } from '../pipeline/inputs.js';

// No contact book (its launch is later): only the 30-day window can show the phone.
const WINDOW_ONLY = { WAI_CONTACT_BOOK_LAUNCH: '2030-01-01T00:00:00Z' };

function run(lines: string[], env: Record<string, string> = WINDOW_ONLY): ResultRecord[][] {
  const domain = domainSettings(loadConfig({ ...PIPELINE_ENV, ...env }));
  const resolver = createMemoryResolver(domain.resolver);
  return lines.map((text, i) => {
    const out = processInput(
      resolver,
      { key: 'acme', text, timestamp: 1_790_000_000_000 + i },
      domain.routing,
    );
    resolver.state.commit();
    expect(out.failures).toEqual([]);
    return out.outputs;
  });
}

const dataStream = (records: ResultRecord[] | undefined) =>
  (records ?? []).filter((r) => r.topic === 'data-stream').map((r) => r.value);

const seconds = (iso: string) => String(Date.parse(iso) / 1000);

function callsChange(value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA,
        changes: [
          {
            field: 'calls',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PNID },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

function userCall(iso: string): string {
  const call = {
    id: 'wacid.U1',
    from: PHONE,
    from_user_id: BSUID,
    to: '15550783881',
    event: 'connect',
    direction: 'USER_INITIATED',
    timestamp: seconds(iso),
  };
  return callsChange({ calls: [call] });
}

function businessCallStatus(iso: string, status: string): string {
  const st = { id: 'wacid.B1', type: 'call', status, recipient_id: PHONE, timestamp: seconds(iso) };
  return callsChange({ statuses: [{ ...st, recipient_user_id: BSUID }] });
}

function failedBusinessCall(iso: string): string {
  const call = {
    id: 'wacid.F1',
    from: '15550783881',
    to: PHONE,
    to_user_id: BSUID,
    event: 'terminate',
    direction: 'BUSINESS_INITIATED',
    status: 'FAILED',
    timestamp: seconds(iso),
  };
  return callsChange({ calls: [call] });
}

describe('calls and the 30-day window', () => {
  it('a call from the user is a CALL of that user, and two days later the phone is shown', () => {
    const [call, later] = run([
      userCall('2026-08-01T10:00:00Z'),
      metaInbound('wamid.L1', '2026-08-03T10:00:00Z', false),
    ]);
    expect(dataStream(call)).toEqual([
      expect.objectContaining({ eventType: 'CALL', direction: 'IN', bsuid: BSUID, phone: PHONE }),
    ]);
    expect(dataStream(later)).toEqual([
      expect.objectContaining({ bsuid: BSUID, phone: PHONE, phoneSource: 'RECENT_INTERACTION' }),
    ]);
  });

  it('a call the business placed that rang the phone opens the window too', () => {
    const [ringing, later] = run([
      businessCallStatus('2026-08-01T10:00:00Z', 'RINGING'),
      metaInbound('wamid.L2', '2026-08-03T10:00:00Z', false),
    ]);
    expect(dataStream(ringing)).toEqual([
      expect.objectContaining({ eventType: 'CALL', direction: 'OUT', status: 'RINGING' }),
    ]);
    expect(dataStream(later)).toEqual([
      expect.objectContaining({ bsuid: BSUID, phone: PHONE, phoneSource: 'RECENT_INTERACTION' }),
    ]);
  });

  it('a FAILED call opens nothing: the phone stays withheld once the old window closed', () => {
    const [, , later] = run([
      metaInbound('wamid.P1', '2026-06-01T10:00:00Z', true),
      failedBusinessCall('2026-07-12T10:00:00Z'),
      metaInbound('wamid.L3', '2026-07-14T10:00:00Z', false),
    ]);
    expect(dataStream(later)).toEqual([
      expect.objectContaining({ bsuid: BSUID, phone: null, waidSource: 'BSUID' }),
    ]);
  });

  it('after the contact-book launch a call stores the pair, as a message does', () => {
    const [, later] = run(
      [userCall('2026-08-01T10:00:00Z'), metaInbound('wamid.L4', '2026-12-01T10:00:00Z', false)],
      {},
    );
    expect(dataStream(later)).toEqual([
      expect.objectContaining({ bsuid: BSUID, phone: PHONE, phoneSource: 'CONTACT_BOOK' }),
    ]);
  });
});
