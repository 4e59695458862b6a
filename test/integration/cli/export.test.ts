// `wa-identity export` on the real broker: the pipeline processes traffic spread over record-
// time windows, then each export file, read back with an independent reader, holds exactly
// the export log's rows of its window; scheduled exports write one complete file per window,
// also when a run fails mid-way or is killed and is run again, and report late records.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { main } from '../../../processors/applications/cli/main.js';
import { useKafka } from '../../helpers/kafka.js';
import type { PipelineInput } from '../../unit/pipeline/reference.js';
import {
  BSUID,
  PIPELINE_ENV,
  PNID,
  WABA,
  fixtureInput,
  fixtureNames,
  journey,
  metaInbound,
  rawInput,
} from '../../unit/pipeline/inputs.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import { send, settled, usePipelineDeployments } from '../pipeline/harness.js';
import { startCli } from '../pipeline/cli-process.js';
import { testIo } from './cli-io.js';
import { exportLogRecords, fileRows, topicRows } from './export-rows.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

const HOUR = 3_600_000;
/** Four hourly windows W0..W3, closed (with the default grace of 1m) even near an hour's start. */
const H = Math.floor((Date.now() - 120_000) / HOUR) * HOUR - 4 * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString();
const label = (ms: number): string => iso(ms).slice(0, 13);

/** The Cloud API's answer to the journey's `req-1`, and Meta's status of that message. */
function req1Answered(at: number): PipelineInput[] {
  const sendResult = {
    requestId: 'req-1',
    portfolioId: 'acme',
    businessPhoneNumberId: PNID,
    at,
    outcome: 'SENT',
    routedVia: 'recipient',
    address: BSUID,
    messageId: 'wamid.REQ1',
    contact: { input: BSUID, waId: null, userId: BSUID },
    error: null,
  };
  const status = {
    id: 'wamid.REQ1',
    status: 'delivered',
    timestamp: String(Math.floor(at / 1000) + 2),
    recipient_user_id: BSUID,
    biz_opaque_callback_data: 'req-1',
  };
  const delivery = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA,
        changes: [
          { field: 'messages', value: { metadata: { phone_number_id: PNID }, statuses: [status] } },
        ],
      },
    ],
  };
  return [
    rawInput(JSON.stringify({ sendResult }), at),
    rawInput(JSON.stringify(delivery), at + 2000),
  ];
}

/** Traffic in W0, W1 and W2 (the journey: messages, statuses, outbound), and some before H. */
function traffic(): PipelineInput[] {
  const names = fixtureNames();
  return [
    rawInput(metaInbound('wamid.EARLY', iso(H - 600_000), true), H - 600_000),
    ...journey(H + 300_000),
    ...req1Answered(H + 400_000),
    ...names.map((n, i) => fixtureInput(n, H + HOUR + (i % 2) * HOUR + i * 1000)),
    rawInput(metaInbound('wamid.W2', iso(H + 2 * HOUR + 5000), false), H + 2 * HOUR + 5000),
  ];
}

let d: PipelineDeployment;

beforeAll(async () => {
  d = await deployment('export', PIPELINE_ENV);
  await d.start();
  await send(kit, d, traffic());
  await settled(d);
});

async function run(args: string[]): Promise<{ code: number; err: string }> {
  const io = testIo(d.env);
  const code = await main(args, io);
  return { code, err: io.err() };
}

function windowFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^export-log-.+\.csv$/.test(f))
    .sort();
}

async function expectWindowFiles(dir: string, windows: number[]): Promise<void> {
  const records = await exportLogRecords(d);
  expect(windowFiles(dir)).toEqual(windows.map((w) => `export-log-${label(w)}.csv`));
  for (const w of windows) {
    const rows = await fileRows(join(dir, `export-log-${label(w)}.csv`));
    expect(rows).toEqual(await topicRows(d, records, w, w + HOUR));
  }
  expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
}

describe('wa-identity export', () => {
  it.each(['csv', 'jsonl', 'parquet'])(
    'writes the rows of the window, as the topic holds them, to %s',
    async (format) => {
      const out = join(mkdtempSync(join(tmpdir(), 'wai-export-')), `window.${format}`);
      const { code, err } = await run([
        'export',
        ...['--from', iso(H), '--to', iso(H + 2 * HOUR), '--format', format, '--out', out],
      ]);
      expect({ code, err }).toEqual({ code: 0, err: expect.stringContaining('rows') });
      const expected = await topicRows(d, await exportLogRecords(d), H, H + 2 * HOUR);
      const actual = await fileRows(out);
      expect(actual).toEqual(expected);
      // Inbound and outbound rows, with the identifier columns.
      expect(expected.length).toBeGreaterThan(10);
      expect(new Set(actual.map((r) => r['direction']))).toEqual(new Set(['IN', 'OUT']));
      expect(actual.some((r) => r['direction'] === 'OUT' && r['routedVia'] !== null)).toBe(true);
      expect(actual.some((r) => r['bsuid'] !== null && r['phone'] === null)).toBe(true);
      // The request, its send result and Meta's status of it: one joined row.
      expect(actual.filter((r) => r['requestId'] === 'req-1')).toEqual([
        expect.objectContaining({
          logId: 'req-1',
          eventType: 'REQUEST',
          messageId: 'wamid.REQ1',
          status: 'delivered',
        }),
      ]);
      expect(readdirSync(join(out, '..'))).toEqual([`window.${format}`]);
      if (format === 'csv') {
        expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
          'logId,loggedAt,direction,portfolioId,businessPhoneNumberId,waid,waidSource,phone,' +
            'phoneSource,bsuid,parentBsuid,userHandle,messageId,messageType,status,errorCode,' +
            'routedVia,eventType,contactId,requestId,previousBsuid,previousPhone,' +
            'preferenceCategory,preferenceValue,previousContactId,recordTime',
        );
      }
    },
  );

  it('scheduled: a run that fails mid-way leaves whole files only; a re-run adds the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wai-export-every-'));
    // The second window's temporary file cannot be created: the run fails inside it.
    const blocker = join(dir, `.export-log-${label(H + HOUR)}.csv.partial`);
    mkdirSync(blocker);
    const args = [
      'export',
      '--every',
      '1h',
      '--from',
      iso(H),
      '--to',
      iso(H + 3 * HOUR),
      '--out',
      dir,
    ];
    const failed = await run(args);
    expect(failed.code).toBe(1);
    expect(windowFiles(dir)).toEqual([`export-log-${label(H)}.csv`]);
    const first = statSync(join(dir, `export-log-${label(H)}.csv`));

    rmSync(blocker, { recursive: true });
    const again = await run(args);
    expect(again).toEqual({
      code: 0,
      err: expect.stringContaining('export: 2 windows written, 1 already there, 0 late records'),
    });
    await expectWindowFiles(dir, [H, H + HOUR, H + 2 * HOUR]);
    // The window written before the failure was kept, not rewritten.
    expect(statSync(join(dir, `export-log-${label(H)}.csv`)).mtimeMs).toBe(first.mtimeMs);
  });

  it('scheduled: a run killed (SIGKILL) and run again leaves one complete file per window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wai-export-kill-'));
    const args = [
      'export',
      '--every',
      '1h',
      '--from',
      iso(H),
      '--to',
      iso(H + 3 * HOUR),
      '--out',
      dir,
    ];
    const child = startCli(args, d.env);
    // Killed while the second window's temporary file is being written (mid-window).
    const partial = join(dir, `.export-log-${label(H + HOUR)}.csv.partial`);
    const deadline = Date.now() + 60_000;
    const seenPartial = async (): Promise<boolean> => {
      while (Date.now() < deadline) {
        if (existsSync(partial)) return true;
        await sleep(1);
      }
      return false;
    };
    const seen = await seenPartial();
    child.child.kill('SIGKILL');
    await child.exited;
    expect(seen).toBe(true);
    expect(existsSync(join(dir, `export-log-${label(H)}.csv`))).toBe(true);
    // Whatever the kill interrupted, every file present is complete.
    for (const f of windowFiles(dir)) {
      const w = Date.parse(`${f.slice('export-log-'.length, -'.csv'.length)}:00:00Z`);
      expect(await fileRows(join(dir, f))).toEqual(
        await topicRows(d, await exportLogRecords(d), w, w + HOUR),
      );
    }
    expect(await run(args)).toEqual({ code: 0, err: expect.stringContaining('windows written') });
    await expectWindowFiles(dir, [H, H + HOUR, H + 2 * HOUR]);
  });

  it('scheduled: a record arriving after its window was written is reported, not lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wai-export-late-'));
    const base = ['export', '--every', '1h', '--from', iso(H), '--out', dir, '--once'];
    expect((await run([...base, '--to', iso(H + 3 * HOUR)])).code).toBe(0);
    await expectWindowFiles(dir, [H, H + HOUR, H + 2 * HOUR]);
    const before = readFileSync(join(dir, `export-log-${label(H)}.csv`));

    // A delivery of window W0 that reaches the log only now.
    await d.start();
    const late = H + 1_800_000;
    await send(kit, d, [rawInput(metaInbound('wamid.LATE', iso(late), true), late)]);
    await settled(d);

    const next = await run([...base, '--to', iso(H + 4 * HOUR)]);
    expect(next.code).toBe(0);
    expect(next.err).toContain(
      `export: late record for window ${label(H)} (already written to export-log-${label(H)}.csv)`,
    );
    expect(next.err).toContain('export: 1 windows written, 3 already there, 1 late records');
    expect(next.err).not.toContain('16505551234');
    // The written file stays as it was; deleting it and running again re-exports the window.
    expect(readFileSync(join(dir, `export-log-${label(H)}.csv`))).toEqual(before);
    rmSync(join(dir, `export-log-${label(H)}.csv`));
    expect((await run([...base, '--to', iso(H + 4 * HOUR)])).code).toBe(0);
    await expectWindowFiles(dir, [H, H + HOUR, H + 2 * HOUR, H + 3 * HOUR]);
    const rows = await fileRows(join(dir, `export-log-${label(H)}.csv`));
    expect(rows.some((r) => r['messageId'] === 'wamid.LATE')).toBe(true);
  });

  it.each([
    [['--to', iso(H)], '--from is required'],
    [['--from', 'yesterday', '--to', iso(H)], '--from yesterday: expected epoch ms or ISO-8601'],
    [['--from', iso(H), '--to', iso(H - HOUR)], `--to ${iso(H - HOUR)} is not after --from`],
    [['--from', iso(H), '--to', iso(H + HOUR), '--format', 'xml'], '--format xml: expected csv'],
    [['--from', iso(H), '--every', '1w'], '--every 1w: expected <n>m, <n>h or <n>d'],
    [
      ['--from', iso(H), '--to', iso(H + HOUR), '--out', '/nonexistent/x.csv'],
      '--out /nonexistent',
    ],
  ])('rejects %j naming the argument (exit 2)', async (args, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'wai-export-bad-'));
    const withOut = args.includes('--out') ? args : [...args, '--out', join(dir, 'x.csv')];
    const { code, err } = await run(['export', ...withOut]);
    expect({ code, err }).toEqual({ code: 2, err: expect.stringContaining(message) });
    expect(readdirSync(dir)).toEqual([]);
  });
});
