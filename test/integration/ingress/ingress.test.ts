// The webhook ingress as a provider meets it: a real HTTP server on a free port, real HTTP
// requests, and the real broker behind it. What is acknowledged with 200 is in the input log,
// byte for byte, keyed by portfolio; what is refused is not.
import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { INGRESS_HEADERS } from '../../../processors/applications/ingress/ingress-server.js';
import { useKafka } from '../../helpers/kafka.js';
import { PIPELINE_ENV, metaInbound } from '../../unit/pipeline/inputs.js';
import { header, readTopic, usePipelineDeployments } from '../pipeline/harness.js';
import { post, useIngress } from './ingress-harness.js';
import type { PipelineDeployment } from '../pipeline/harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const SECRET = 'meta-app-secret-1';
const TWILIO_TOKEN = 'twilio-auth-token-1';
const INGRESS_ENV = {
  WAI_META_APP_SECRETS: `${SECRET},meta-app-secret-0`,
  WAI_META_VERIFY_TOKEN: 'verify-me-please',
  WAI_TWILIO_AUTH_TOKENS: TWILIO_TOKEN,
  WAI_INGRESS_UNSIGNED: '8x8',
  WAI_INGRESS_PORT: '0',
  WAI_INGRESS_HOST: '127.0.0.1',
  WAI_INGRESS_MAX_BODY_BYTES: '65536',
};
const RECEIVED_AT = Date.parse('2026-09-03T12:00:00Z');

const start = useIngress(() => RECEIVED_AT);
const ingress = (env: Record<string, string>, extra: Record<string, string> = {}) =>
  start(env, { ...INGRESS_ENV, ...extra });

const metaSign = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('wa-identity ingress', () => {
  let d: PipelineDeployment;

  it('appends a signed Meta delivery byte for byte, keyed by portfolio, after the ack', async () => {
    d = await deployment('ingress', PIPELINE_ENV);
    const { url, registry } = await ingress(d.env);
    const body = metaInbound('wamid.I1', '2026-09-03T11:59:00Z', true).replace('{', '{ ');

    const res = await post(url('/webhooks/meta'), body, {
      'x-hub-signature-256': metaSign(SECRET, body),
    });
    expect(res.status).toBe(200);
    // A second app secret (rotation) is accepted too.
    const old = await post(url('/webhooks/meta'), body, {
      'x-hub-signature-256': metaSign('meta-app-secret-0', body),
    });
    expect(old.status).toBe(200);

    const records = await readTopic(d, d.config.topics.input);
    expect(records).toHaveLength(2);
    for (const r of records) {
      expect(r.key?.toString()).toBe('acme');
      expect(r.value?.equals(Buffer.from(body))).toBe(true);
      expect(r.timestamp).toBe(RECEIVED_AT);
      expect(header(r, INGRESS_HEADERS.route)).toBe('meta');
      expect(header(r, INGRESS_HEADERS.signature)).toBe('valid');
      expect(header(r, INGRESS_HEADERS.receivedAt)).toBe(String(RECEIVED_AT));
    }
    const metrics = await registry.metrics();
    expect(metrics).toContain('wai_ingress_requests_total{route="meta",outcome="accepted"} 2');
    expect((await fetch(url('/ready'))).status).toBe(200);
  });

  it('refuses what it must not append: bad or missing signatures, control records, big bodies', async () => {
    d = await deployment('ingress-refuse', PIPELINE_ENV);
    const { url, registry } = await ingress(d.env);
    const body = metaInbound('wamid.I2', '2026-09-03T11:59:00Z', false);
    const wrong = await post(url('/webhooks/meta'), body, {
      'x-hub-signature-256': metaSign('guess', body),
    });
    expect(wrong.status).toBe(401);
    expect((await post(url('/webhooks/meta'), body)).status).toBe(401);
    const tampered = await post(url('/webhooks/meta'), body.replace('hi', 'yo'), {
      'x-hub-signature-256': metaSign(SECRET, body),
    });
    expect(tampered.status).toBe(401);
    // Unsigned routes are open only by explicit opt-out, and never to control records.
    const admin = JSON.stringify({
      admin: { action: 'disableContactBook', portfolioId: 'acme', at: 1 },
    });
    const control = await post(url('/webhooks/8x8'), admin);
    expect(control.status).toBe(400);
    expect(await control.text()).toContain('control record');
    // A forged send result would link a phone to a BSUID: refused the same way.
    const forged = JSON.stringify({ sendResult: { requestId: 'r', portfolioId: 'acme' } });
    const sendResult = await post(url('/webhooks/8x8'), forged);
    expect(sendResult.status).toBe(400);
    expect(await sendResult.text()).toContain('{"sendResult": …} is a control record');
    expect((await post(url('/webhooks/ycloud'), body)).status).toBe(404);
    expect((await post(url('/webhooks/nope'), body)).status).toBe(404);
    const big = 'x'.repeat(70_000);
    expect(
      (await post(url('/webhooks/meta'), big, { 'x-hub-signature-256': metaSign(SECRET, big) }))
        .status,
    ).toBe(413);

    expect(await readTopic(d, d.config.topics.input)).toEqual([]);
    const metrics = await registry.metrics();
    expect(metrics).toContain('wai_ingress_requests_total{route="meta",outcome="unauthorized"} 3');
    expect(metrics).toContain('wai_ingress_requests_total{route="8x8",outcome="rejected"} 2');
    expect(metrics).toContain('wai_ingress_requests_total{route="unknown",outcome="not_found"} 2');
    expect(metrics).toContain('wai_ingress_requests_total{route="meta",outcome="too_large"} 1');
  });

  it("answers Meta's verification handshake only with the verify token", async () => {
    d = await deployment('ingress-verify', PIPELINE_ENV);
    const { url } = await ingress(d.env);
    const ok = await fetch(
      url(
        '/webhooks/meta?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444',
      ),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(
      url('/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1'),
    );
    expect(bad.status).toBe(403);
  });

  it('checks a Twilio signature over the public URL and the form fields', async () => {
    d = await deployment('ingress-twilio', PIPELINE_ENV);
    const { url } = await ingress(d.env, { WAI_INGRESS_PUBLIC_URL: 'https://hooks.example.com' });
    const fields = new URLSearchParams({
      MessageSid: 'SM0001',
      From: 'whatsapp:+14155550100',
      To: 'whatsapp:+14155238886',
      Body: 'hello',
    });
    const body = fields.toString();
    // As Twilio documents it: URL, then each field name + value sorted by name, HMAC-SHA1.
    const signed =
      'https://hooks.example.com/webhooks/twilio' +
      [...fields]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => k + v)
        .join('');
    const signature = createHmac('sha1', TWILIO_TOKEN).update(signed).digest('base64');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(
      (await post(url('/webhooks/twilio'), body, { ...form, 'x-twilio-signature': signature }))
        .status,
    ).toBe(200);
    expect(
      (await post(url('/webhooks/twilio'), body, { ...form, 'x-twilio-signature': 'AAAA' })).status,
    ).toBe(401);
    const records = await readTopic(d, d.config.topics.input);
    expect(records.map((r) => [r.key?.toString(), r.value?.toString()])).toEqual([
      ['acme-twilio', body],
    ]);
  });

  it('answers 503 when the broker cannot acknowledge in time, and takes nothing for granted', async () => {
    d = await deployment('ingress-down', PIPELINE_ENV);
    // Nothing listens on port 1: every connection attempt is refused.
    const { url, registry } = await ingress(
      { ...d.env, KAFKA_BROKERS: '127.0.0.1:1' },
      { WAI_INGRESS_ACK_TIMEOUT_MS: '500' },
    );
    const body = metaInbound('wamid.I3', '2026-09-03T11:59:00Z', true);
    const res = await post(url('/webhooks/meta'), body, {
      'x-hub-signature-256': metaSign(SECRET, body),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    // Liveness stays up (a restart would not bring the broker back); readiness goes down.
    expect((await fetch(url('/healthz'))).status).toBe(200);
    expect((await fetch(url('/ready'))).status).toBe(503);
    expect(await registry.metrics()).toContain(
      'wai_ingress_requests_total{route="meta",outcome="unavailable"} 1',
    );
  });
});
