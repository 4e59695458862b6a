// A contact-book delete keeps the 30-day window across a restart: the worker that applied the
// delete is stopped, a new one restores its state from the contact-book topic alone, and a
// phone-less message two days after the exchange still shows the phone (RECENT_INTERACTION).
// On the topic the delete is the BSUID's entry written unlinked (windows and lineage kept)
// and a tombstone for the phone alias; `contacts get` finds no entry from the phone.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { main } from '../../../processors/applications/cli/main.js';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import type { ContactEntry } from '../../../processors/domain/identity/entry.js';
import { useKafka } from '../../helpers/kafka.js';
import {
  BSUID,
  PHONE,
  PIPELINE_ENV,
  PNID,
  metaInbound,
  rawInput,
} from '../../unit/pipeline/inputs.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import { readOutputs, send, settled, usePipelineDeployments } from '../pipeline/harness.js';
import { testIo } from './cli-io.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const NOW = Date.parse('2026-08-03T12:00:00Z');
const T = Date.now() - 60_000;
let d: PipelineDeployment;

beforeAll(async () => {
  d = await deployment('contacts-restore', PIPELINE_ENV);
});

async function contacts(args: string[]): Promise<{ code: number; out: string }> {
  const io = testIo(d.env, NOW);
  const code = await main(['contacts', ...args], io);
  return { code, out: io.out() };
}

describe('a contact-book delete across a worker restart', () => {
  it('keeps the window and the lineage in the restored state, not the link', async () => {
    const first = await d.start();
    await send(kit, d, [rawInput(metaInbound('wamid.R1', '2026-08-01T10:00:00Z', true), T)]);
    await settled(d);
    expect((await contacts(['delete', 'acme', BSUID, '--yes'])).code).toBe(0);
    await settled(d);
    await first.stop();

    // A new worker knows only what the contact-book topic holds.
    await d.start();
    await send(kit, d, [
      rawInput(metaInbound('wamid.R2', '2026-08-03T10:00:00Z', false), T + 2000),
    ]);
    await settled(d);

    const outputs = await readOutputs(d);
    const events = outputs
      .filter((r) => r.topic === 'data-stream')
      .map((r) => r.value as NormalizedEvent);
    expect(events.map((e) => [e.messageId, e.phoneSource])).toEqual([
      ['wamid.R1', 'WEBHOOK'],
      ['wamid.R2', 'RECENT_INTERACTION'],
    ]);
    expect(events[1]).toMatchObject({ phone: PHONE, waid: PHONE, bsuid: BSUID });

    const book = outputs.filter((r) => r.topic === 'contact-book');
    const last = new Map(book.map((r) => [r.key, r.value as ContactEntry | null]));
    const entry = last.get(`acme|${BSUID}`);
    expect(entry).toMatchObject({
      inContactBook: false,
      contactBookVia: null,
      phone: PHONE,
      lastInteractionAt: { [PNID]: Date.parse('2026-08-01T10:00:00Z') },
    });
    const aliases = [...last].filter(([k]) => k?.startsWith('acme|phone:') === true);
    expect(aliases).toEqual([[expect.any(String), null]]);

    const byBsuid = await contacts(['get', 'acme', BSUID]);
    expect(byBsuid.code).toBe(0);
    expect(JSON.parse(byBsuid.out)).toMatchObject({
      entry: { inContactBook: false },
      interactionWindows: [{ businessPhoneNumberId: PNID, open: true }],
    });
    expect((await contacts(['get', 'acme', `+${PHONE}`])).code).toBe(1);
  });
});
