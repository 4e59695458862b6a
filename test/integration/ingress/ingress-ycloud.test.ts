// YCloud's route of the real ingress, signed as YCloud documents it: `YCloud-Signature:
// t=<unix seconds>,s=<hex HMAC-SHA256 of "<t>.<raw body>">` with the webhook endpoint's
// secret. A signed delivery is on the input log byte for byte; a wrong, missing or replayed
// signature gets 401 and never reaches it.
import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { INGRESS_HEADERS } from '../../../processors/applications/ingress/ingress-server.js';
import { useKafka } from '../../helpers/kafka.js';
import { PIPELINE_ENV, WABA } from '../../unit/pipeline/inputs.js';
import { header, readTopic, usePipelineDeployments } from '../pipeline/harness.js';
import { post, useIngress } from './ingress-harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const RECEIVED_AT = Date.parse('2026-09-03T12:00:00Z');
const NOW_S = RECEIVED_AT / 1000;
const SECRET = 'whsec-ycloud-endpoint-1';
const start = useIngress(() => RECEIVED_AT);
const INGRESS_ENV = {
  WAI_YCLOUD_WEBHOOK_SECRETS: `${SECRET},whsec-ycloud-endpoint-0`,
  WAI_INGRESS_PORT: '0',
  WAI_INGRESS_HOST: '127.0.0.1',
};

const sign = (secret: string, t: number, body: string): string =>
  `t=${t},s=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

const inbound = (id: string): string =>
  JSON.stringify({
    id: `evt_${id}`,
    type: 'whatsapp.inbound_message.received',
    apiVersion: 'v2',
    createTime: '2026-09-03T11:59:01.000Z',
    whatsappInboundMessage: {
      id,
      wamid: `wamid.${id}`,
      wabaId: WABA,
      from: '+16505551234',
      fromUserId: 'US.13491208655302741918',
      to: '+15550783881',
      sendTime: '2026-09-03T11:59:00.000Z',
      type: 'text',
      text: { body: 'hi' },
    },
  });

describe('wa-identity ingress, /webhooks/ycloud', () => {
  it('appends a delivery signed with a current secret, byte for byte, keyed by portfolio', async () => {
    const d = await deployment('ingress-ycloud', PIPELINE_ENV);
    const { url, registry } = await start(d.env, INGRESS_ENV);
    const body = inbound('Y1');
    const signed = await post(url('/webhooks/ycloud'), body, {
      'ycloud-signature': sign(SECRET, NOW_S - 5, body),
    });
    expect(signed.status).toBe(200);
    // The previous secret is still accepted during a rotation.
    const rotated = await post(url('/webhooks/ycloud'), body, {
      'YCloud-Signature': sign('whsec-ycloud-endpoint-0', NOW_S, body),
    });
    expect(rotated.status).toBe(200);

    const records = await readTopic(d, d.config.topics.input);
    expect(records).toHaveLength(2);
    for (const r of records) {
      expect(r.key?.toString()).toBe('acme');
      expect(r.value?.equals(Buffer.from(body))).toBe(true);
      expect(header(r, INGRESS_HEADERS.route)).toBe('ycloud');
      expect(header(r, INGRESS_HEADERS.signature)).toBe('valid');
    }
    expect(await registry.metrics()).toContain(
      'wai_ingress_requests_total{route="ycloud",outcome="accepted"} 2',
    );
  });

  it('answers 401 to a wrong, missing, tampered or replayed signature and appends nothing', async () => {
    const d = await deployment('ingress-ycloud-refuse', PIPELINE_ENV);
    const { url, registry } = await start(d.env, INGRESS_ENV);
    const body = inbound('Y2');
    const attempts: [string, Record<string, string>][] = [
      [body, { 'ycloud-signature': sign('whsec-guessed-secret', NOW_S, body) }],
      [body, {}],
      [body.replace('hi', 'yo'), { 'ycloud-signature': sign(SECRET, NOW_S, body) }],
      // Signed correctly, but 10 minutes ago: outside the default 300 s window.
      [body, { 'ycloud-signature': sign(SECRET, NOW_S - 600, body) }],
      // Meta's header on YCloud's route is no signature at all.
      [body, { 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) }],
    ];
    for (const [text, headers] of attempts) {
      const res = await post(url('/webhooks/ycloud'), text, headers);
      expect(res.status).toBe(401);
    }
    expect(await readTopic(d, d.config.topics.input)).toEqual([]);
    expect(await registry.metrics()).toContain(
      'wai_ingress_requests_total{route="ycloud",outcome="unauthorized"} 5',
    );
  });
});
