import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { webhookPayload } from '../../../processors/domain/delivery/payload.js';
import {
  attemptOutcome,
  retryAfterMs,
  retryDelayMs,
} from '../../../processors/domain/delivery/retry.js';
import { signatureHeader, verifySignature } from '../../../processors/domain/delivery/signing.js';
import { parseSubscribers, wants } from '../../../processors/domain/delivery/subscribers.js';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import { CircuitBreaker } from '../../../processors/applications/deliver/circuit-breaker.js';

const event: NormalizedEvent = {
  eventId: 'e1',
  eventType: 'MESSAGE',
  direction: 'IN',
  occurredAt: Date.parse('2026-09-01T10:00:00Z'),
  provider: 'meta',
  portfolioId: 'acme',
  wabaId: '1',
  businessPhoneNumberId: '2',
  waid: 'US.1',
  waidSource: 'BSUID',
  phone: null,
  phoneSource: 'NONE',
  bsuid: 'US.1',
  parentBsuid: null,
  userHandle: 'sheena.n',
  profileName: null,
  sessionKey: 'US.1',
  messageId: 'wamid.1',
  messageType: 'text',
  status: null,
  previousBsuid: null,
  previousPhone: null,
  previousParentBsuid: null,
  sourceField: 'messages',
  sharedContacts: null,
  errorCode: null,
  preferenceCategory: null,
  preferenceValue: null,
  rawPayload: null,
  contactId: null,
  requestId: null,
  previousContactId: null,
};

describe('the webhook body', () => {
  it('is valid against the published JSON Schema, and the schema refuses a broken one', () => {
    const schema = JSON.parse(
      readFileSync(
        join(import.meta.dirname, '../../../docs/webhooks/event-v1.schema.json'),
        'utf8',
      ),
    ) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const body = JSON.parse(JSON.stringify(webhookPayload(event))) as Record<string, unknown>;
    expect(validate(body)).toBe(true);
    expect(body).toMatchObject({
      id: 'e1',
      type: 'MESSAGE',
      occurredAt: '2026-09-01T10:00:00.000Z',
    });
    expect(validate({ ...body, version: 'v0' })).toBe(false);
    expect(validate({ ...body, event: { ...event, waidSource: 'EMAIL' } })).toBe(false);
  });
});

describe('signing', () => {
  const body = '{"id":"e1"}';
  it('signs with every secret so a receiver with either verifies it', () => {
    const header = signatureHeader(
      ['secret-new-0123456', 'secret-old-0123456'],
      1_790_000_000,
      body,
    );
    expect(header).toMatch(/^t=1790000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifySignature(header, 'secret-old-0123456', body, 1_790_000_010)).toBe(true);
    expect(verifySignature(header, 'secret-new-0123456', body, 1_790_000_010)).toBe(true);
  });
  it('fails on another secret, a changed body, or an old timestamp (replay)', () => {
    const header = signatureHeader(['secret-new-0123456'], 1_790_000_000, body);
    expect(verifySignature(header, 'someone-else-12345', body, 1_790_000_010)).toBe(false);
    expect(verifySignature(header, 'secret-new-0123456', `${body} `, 1_790_000_010)).toBe(false);
    expect(verifySignature(header, 'secret-new-0123456', body, 1_790_000_000 + 301)).toBe(false);
  });
});

describe('retry rules', () => {
  it('retries what may heal and gives up on answers that will not change', () => {
    expect(attemptOutcome(204)).toBe('delivered');
    for (const s of [null, 408, 425, 429, 500, 503]) expect(attemptOutcome(s)).toBe('retry');
    for (const s of [400, 401, 403, 404, 410, 413, 422]) expect(attemptOutcome(s)).toBe('give-up');
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-09-01T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Tue, 01 Sep 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
  it('backs off exponentially with jitter, at least Retry-After, at most the cap', () => {
    const policy = { initialMs: 1000, maxMs: 60_000 };
    expect(retryDelayMs(1, null, policy, () => 0)).toBe(500);
    expect(retryDelayMs(1, null, policy, () => 1)).toBe(1000);
    expect(retryDelayMs(4, null, policy, () => 1)).toBe(8000);
    expect(retryDelayMs(20, null, policy, () => 1)).toBe(60_000);
    expect(retryDelayMs(1, 5000, policy, () => 0)).toBe(5000);
    expect(retryDelayMs(1, 600_000, policy, () => 0)).toBe(60_000);
  });
});

describe('subscribers', () => {
  it('reads the list, defaults included, and routes by portfolio and event type', () => {
    const { subscribers, problems } = parseSubscribers(
      [
        {
          id: 'crm',
          url: 'https://crm.example.com/h',
          secretEnv: 'CRM_SECRET',
          portfolios: ['acme'],
          eventTypes: ['STATUS'],
        },
        { id: 'all', url: 'http://127.0.0.1:9/h', secretFile: '/run/secrets/all' },
      ],
      'WAI_SUBSCRIBERS',
    );
    expect(problems).toEqual([]);
    const [crm, all] = subscribers;
    expect(all).toMatchObject({
      portfolios: '*',
      eventTypes: '*',
      maxAttempts: 8,
      timeoutMs: 10_000,
    });
    expect(crm && wants(crm, event)).toBe(false);
    expect(crm && wants(crm, { ...event, eventType: 'STATUS' })).toBe(true);
    expect(crm && wants(crm, { ...event, eventType: 'STATUS', portfolioId: 'other' })).toBe(false);
    expect(all && wants(all, event)).toBe(true);
  });
  it('names every problem by its path', () => {
    const { problems } = parseSubscribers(
      [{ id: 'Bad Id' }, { id: 'x', url: 'ftp://x', eventTypes: ['CALLZ'], maxAttempts: 0 }, 3],
      'WAI_SUBSCRIBERS',
    );
    expect(problems.map((p) => p.field)).toEqual([
      'WAI_SUBSCRIBERS[0].id',
      'WAI_SUBSCRIBERS[1].url',
      'WAI_SUBSCRIBERS[1].secretEnv',
      'WAI_SUBSCRIBERS[1].eventTypes',
      'WAI_SUBSCRIBERS[1].maxAttempts',
      'WAI_SUBSCRIBERS[2]',
    ]);
    expect(parseSubscribers({}, 'WAI_SUBSCRIBERS').problems[0]?.message).toContain('JSON list');
  });
});

describe('CircuitBreaker', () => {
  it('opens after consecutive failures, lets one trial through after the cooldown, closes on success', () => {
    const changes: boolean[] = [];
    const b = new CircuitBreaker({ failures: 3, cooldownMs: 1000 }, (open) => changes.push(open));
    b.record(false, 0);
    b.record(false, 0);
    expect(b.waitMs(0)).toBe(0);
    b.record(false, 100);
    expect(b.open).toBe(true);
    expect(b.waitMs(600)).toBe(500);
    expect(b.waitMs(1100)).toBe(0); // the trial
    expect(b.waitMs(1100)).toBeGreaterThan(0); // others wait while it runs
    b.record(false, 1200); // the trial failed: open again
    expect(b.waitMs(1300)).toBe(900);
    expect(b.waitMs(2200)).toBe(0);
    b.record(true, 2300);
    expect(b.open).toBe(false);
    expect(b.waitMs(2300)).toBe(0);
    expect(changes).toEqual([true, false]);
  });
});
