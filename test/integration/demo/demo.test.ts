// The README's main job, run in-process against the test stack: the bundled customer journey
// goes through the worker on the real broker and registry, and every topic shows what the
// spec promises (phone from the contact book, BSUID fallback, user-shared phone, routing,
// 131062 rejection, poison pill in the DLQ), with no phone number printed in clear.
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { runDemo } from '../../../processors/applications/demo/run-demo.js';
import { testEndpoints } from '../../helpers/kafka.js';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function section(text: string, topicSuffix: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('== ') && l.includes(`${topicSuffix}:`));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('   '));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('wa-identity demo', () => {
  it('runs the sample journey through the whole pipeline and reports every topic', async () => {
    const { brokers, registryUrl } = testEndpoints();
    const out = collect();
    const err = collect();
    const code = await runDemo({
      env: {
        KAFKA_BROKERS: brokers.join(','),
        SCHEMA_REGISTRY_URL: registryUrl,
        LOG_LEVEL: 'warn', // as the demo runs: its poison pill's warning is shown
      },
      stdout: out.stream,
      stderr: err.stream,
    });
    const text = out.text();
    expect(code).toBe(0);

    const data = section(text, 'whatsapp.data-stream');
    // 9 deliveries' events (the redelivery emitted once) and the 2 sends' accepted statuses.
    expect(data[0]).toMatch(/: 10 records$/);
    const line = (id: string) => data.find((l) => l.includes(id)) ?? '';
    expect(line('wamid.DEMO01')).toMatch(/phone=\*\*\*34 \(WEBHOOK\)/);
    expect(line('wamid.DEMO02')).toMatch(/phone=\*\*\*34 \(CONTACT_BOOK\)/);
    expect(line('wamid.DEMO03')).toMatch(/waid=GB\.8Kq2mZx41Lp0Aa \(BSUID\)\s+phone=— \(NONE\)/);
    expect(line('wamid.DEMO04')).toMatch(/phone=\*\*\*23 \(USER_SHARED\)/);
    expect(line('wamid.DEMO05')).toMatch(/IDENTITY_CHANGE.*previousBsuid=US\.13491208655302741918/);
    // After the rotation the history (and the phone) followed the customer to the new BSUID:
    // both BSUIDs hash to one of the 3 partitions, so the hand-over was applied at once.
    expect(line('wamid.DEMO06')).toMatch(
      /phone=\*\*\*34 \(CONTACT_BOOK\)\s+bsuid=US\.24817305912873645029/,
    );

    const outbound = section(text, 'whatsapp.outbound.results');
    expect(outbound[0]).toMatch(/: 2 records$/);
    expect(outbound.join('\n')).toMatch(/demo-req-1\s+to=\*\*\*34/);
    expect(outbound.join('\n')).toMatch(/demo-req-2\s+recipient=DE\.30498123098412/);

    const exportLog = section(text, 'whatsapp.export-log');
    expect(exportLog.join('\n')).toMatch(/rejected.*error=131062/);
    // The sends' answers joined their requests' rows under the request id, with Meta's ids.
    expect(exportLog.join('\n')).toMatch(/OUT demo-req-1 wamid\.\S+\s+accepted .*routedVia=to/);
    expect(exportLog.join('\n')).toMatch(
      /OUT demo-req-2 wamid\.\S+\s+accepted .*bsuid=DE\.30498123098412\s+routedVia=recipient/,
    );
    expect(text).toMatch(
      /Sender: 2 sends to the local Cloud API stand-in .*SENT 2, FAILED 0, UNKNOWN 0/,
    );
    expect(text).toMatch(/Deliver: 10 data-stream events POSTed .*, 10 signatures verified/);

    // The worker answers a CRM's lookup of the rotated customer by their old BSUID.
    const lookup = text.slice(text.indexOf('== lookup API'));
    expect(lookup).toMatch(/GET \/v1\/contacts\/acme\/US\.13491208655302741918 → 200/);
    expect(lookup).toMatch(/current BSUID US\.24817305912873645029, phone \+1650•••1234 \(masked/);
    expect(lookup).toMatch(
      /lineage: BSUID_ROTATION US\.13491208655302741918 → US\.24817305912873645029/,
    );

    const dlq = section(text, 'whatsapp.dlq');
    expect(dlq[0]).toMatch(/: 2 records$/);
    expect(dlq.join('\n')).toMatch(/WAI_BAD_INPUT from demo-[a-z0-9]+\.whatsapp\.input@\d+/);
    expect(dlq.join('\n')).toMatch(/WAI_OUTBOUND_REJECTED/);

    // The expected poison pill is one readable warning line, not a JSON record with a stack.
    const log = err.text();
    expect(log).not.toContain('"stack"');
    expect(log).not.toMatch(/^\{/m);
    expect(log).toMatch(
      /^warn +normalize .*input\/\d+@\d+: input not \(fully\) processed: copied to the DLQ \(WAI_BAD_INPUT: not valid JSON: .*\)$/m,
    );

    for (const phone of ['16505551234', '447700900123']) {
      expect(text).not.toContain(phone);
      expect(err.text()).not.toContain(phone);
    }
  });
});
