// `wa-identity contacts` on the real broker: `get` finds the entry from a BSUID, a phone or a
// username (phones redacted unless --show-phones, which is audited), and delete, disable and
// enable go through the input log as admin records the worker applies; destructive ones
// refuse without --yes when there is no terminal to confirm on.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { main } from '../../../processors/applications/cli/main.js';
import { useKafka } from '../../helpers/kafka.js';
import { BSUID, PHONE, PIPELINE_ENV, metaInbound, rawInput } from '../../unit/pipeline/inputs.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import { readTopic, send, settled, usePipelineDeployments } from '../pipeline/harness.js';
import { testIo } from './cli-io.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const NOW = Date.parse('2026-08-10T00:00:00Z');
const T = Date.now() - 60_000;
let d: PipelineDeployment;

beforeAll(async () => {
  d = await deployment('contacts', PIPELINE_ENV);
  await d.start();
  await send(kit, d, [
    rawInput(metaInbound('wamid.C1', '2026-08-01T10:00:00Z', true), T),
    rawInput(metaInbound('wamid.C2', '2026-08-02T10:00:00Z', false), T + 1000),
  ]);
  await settled(d);
});

async function contacts(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo(d.env, NOW);
  const code = await main(['contacts', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

interface View {
  key: string;
  via: string[];
  entry: Record<string, unknown>;
  interactionWindows: { businessPhoneNumberId: string; open: boolean; openUntil: string }[];
}

describe('wa-identity contacts', () => {
  it('gets the entry by BSUID, by phone and by username, phones redacted', async () => {
    const byBsuid = await contacts(['get', 'acme', BSUID]);
    expect(byBsuid.code).toBe(0);
    const view = JSON.parse(byBsuid.out) as View;
    expect(view.key).toBe(`acme|${BSUID}`);
    expect(view.via).toEqual([]);
    expect(view.entry).toEqual(
      expect.objectContaining({ bsuid: BSUID, username: 'sheena.n', inContactBook: true }),
    );
    expect(view.interactionWindows).toEqual([
      expect.objectContaining({ open: true, openUntil: '2026-08-31T10:00:00.000Z' }),
    ]);
    expect(byBsuid.out).not.toContain(PHONE);
    expect(byBsuid.err).not.toContain('audit');

    const byPhone = await contacts(['get', 'acme', `+${PHONE}`]);
    expect(byPhone.code).toBe(0);
    const phoneView = JSON.parse(byPhone.out) as View;
    expect(phoneView.key).toBe(view.key);
    expect(phoneView.via).toEqual([expect.stringMatching(/^acme\|phone:/)]);
    expect(byPhone.out).not.toContain(PHONE);

    const byName = await contacts(['get', 'acme', '@Sheena.N']);
    expect(byName.code).toBe(0);
    expect((JSON.parse(byName.out) as View).key).toBe(view.key);
  });

  it('--show-phones reveals the phone and writes an audit line without it', async () => {
    const { code, out, err } = await contacts(['get', 'acme', BSUID, '--show-phones']);
    expect(code).toBe(0);
    expect(out).toContain(PHONE);
    expect(err).toContain('"audit":"show-phones"');
    expect(err).toContain('"command":"contacts get"');
    expect(err).not.toContain(PHONE);
  });

  it('answers exit 1 for an unknown contact or portfolio, exit 2 for a malformed id', async () => {
    const unknown = await contacts(['get', 'acme', 'US.99999999999999999999']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no contact-book entry for that bsuid in portfolio acme');
    expect((await contacts(['get', 'other', BSUID])).code).toBe(1);
    const bad = await contacts(['get', 'acme', 'sheena']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('<id>');
  });

  it('refuses delete and disable without a terminal unless --yes, appending nothing', async () => {
    const before = (await readTopic(d, d.config.topics.input)).length;
    const del = await contacts(['delete', 'acme', BSUID]);
    expect(del.code).toBe(2);
    expect(del.err).toContain('pass --yes');
    const disable = await contacts(['disable', 'acme']);
    expect(disable.code).toBe(2);
    expect((await contacts(['delete', 'acme', 'not-a-bsuid', '--yes'])).err).toContain(
      'delete needs the BSUID',
    );
    expect(await readTopic(d, d.config.topics.input)).toHaveLength(before);
  });

  it('deletes one entry, then disables and re-enables the book restoring nothing', async () => {
    await d.start(); // the harness stops workers after each test
    const del = await contacts(['delete', 'acme', BSUID, '--yes']);
    expect(del.code).toBe(0);
    expect(del.err).toContain(`deleteContact for acme appended to ${d.config.topics.input}`);
    await settled(d);
    const afterDelete = await contacts(['get', 'acme', BSUID]);
    // The contact-book link is gone: no entry, or one that is no longer in the contact book.
    if (afterDelete.code === 0) {
      expect((JSON.parse(afterDelete.out) as View).entry['inContactBook']).toBe(false);
    } else {
      expect(afterDelete.code).toBe(1);
    }

    await send(kit, d, [rawInput(metaInbound('wamid.C3', '2026-08-03T10:00:00Z', true), T + 2000)]);
    await settled(d);
    expect((await contacts(['get', 'acme', `+${PHONE}`])).code).toBe(0);

    expect((await contacts(['disable', 'acme', '--yes'])).code).toBe(0);
    await settled(d);
    expect((await contacts(['get', 'acme', `+${PHONE}`])).code).toBe(1);
    expect((await contacts(['enable', 'acme'])).code).toBe(0);
    await settled(d);
    expect((await contacts(['get', 'acme', `+${PHONE}`])).code).toBe(1);

    const admins = (await readTopic(d, d.config.topics.input))
      .map((r) => r.value?.toString('utf8') ?? '')
      .filter((v) => v.includes('"admin"'))
      .map((v) => (JSON.parse(v) as { admin: { action: string } }).admin.action);
    expect(admins).toEqual(['deleteContact', 'disableContactBook', 'enableContactBook']);
  });
});
