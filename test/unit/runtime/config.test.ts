import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaiError } from '../../../processors/domain/errors.js';
import { DEFAULT_KEY_SECRET, loadConfig } from '../../../processors/applications/config.js';

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const c = loadConfig({});
    expect(c.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(c.topics.contactBook).toBe('whatsapp.contact-book');
    expect(c.topics.input).toBe('whatsapp.input');
    expect(c.group).toEqual({
      instanceId: expect.any(String),
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1000,
      rebalanceTimeoutMs: 30_000,
    });
    expect(c.contactBookLaunchAt).toBe(Date.UTC(2026, 3, 1));
    expect(c.keySecret).toBe(DEFAULT_KEY_SECRET);
    expect(c.keySecretIsDefault).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('keeps the input log forever by default; a bounded retention covers the 30-day window', () => {
    expect(loadConfig({}).inputRetentionMs).toBe(-1);
    const days31 = String(31 * 24 * 3_600_000);
    expect(loadConfig({ WAI_INPUT_RETENTION_MS: days31 }).inputRetentionMs).toBe(Number(days31));
    for (const bad of ['30d', String(24 * 3_600_000), '-2', '1.5e12x']) {
      expect(() => loadConfig({ WAI_INPUT_RETENTION_MS: bad })).toThrow(
        expect.objectContaining({
          code: 'WAI_CONFIG',
          field: 'WAI_INPUT_RETENTION_MS',
          message: expect.stringContaining('-1 (forever) or at least 2592000000 ms'),
        }),
      );
    }
  });

  it('reads the portfolio map inline or from a file', () => {
    const map = {
      wabas: { '102290129340398': 'acme' },
      phoneNumbers: { '106540352242922': 'acme-eu' },
    };
    expect(loadConfig({ WAI_PORTFOLIO_MAP: JSON.stringify(map) }).portfolios).toEqual(map);
    const file = join(mkdtempSync(join(tmpdir(), 'wai-')), 'map.json');
    writeFileSync(file, JSON.stringify(map));
    expect(loadConfig({ WAI_PORTFOLIO_MAP: `@${file}` }).portfolios).toEqual(map);
  });

  it('reports every problem at once, each naming its variable', () => {
    let error: unknown;
    try {
      loadConfig({
        KAFKA_BROKERS: 'nohost',
        WAI_PARTITIONS: '0',
        WAI_CONTACT_BOOK_LAUNCH: 'April',
        WAI_PORTFOLIO_MAP: '{"wabas": {"1": 5}, "extra": {}}',
        WAI_STRICT_PORTFOLIOS: 'maybe',
        WAI_KEY_SECRET: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WaiError);
    const message = (error as WaiError).message;
    for (const name of [
      'KAFKA_BROKERS',
      'WAI_PARTITIONS',
      'WAI_CONTACT_BOOK_LAUNCH',
      'WAI_PORTFOLIO_MAP.wabas.1',
      'WAI_PORTFOLIO_MAP.extra',
      'WAI_STRICT_PORTFOLIOS',
      'WAI_KEY_SECRET',
    ]) {
      expect(message).toContain(`${name}:`);
    }
    expect((error as WaiError).code).toBe('WAI_CONFIG');
    expect((error as WaiError).field).toBe('KAFKA_BROKERS');
  });

  it('reads the group timing and the instance id, and checks them against each other', () => {
    const c = loadConfig({
      WAI_SESSION_TIMEOUT_MS: '6000',
      WAI_REBALANCE_TIMEOUT_MS: '20000',
      WAI_INSTANCE_ID: 'worker-3',
    });
    expect(c.group).toEqual({
      instanceId: 'worker-3',
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 600,
      rebalanceTimeoutMs: 20_000,
    });
    expect(() =>
      loadConfig({ WAI_SESSION_TIMEOUT_MS: '6000', WAI_HEARTBEAT_INTERVAL_MS: '6000' }),
    ).toThrow(/WAI_HEARTBEAT_INTERVAL_MS: must be below WAI_SESSION_TIMEOUT_MS \(6000\)/);
    expect(() => loadConfig({ WAI_SESSION_TIMEOUT_MS: 'soon' })).toThrow(
      /WAI_SESSION_TIMEOUT_MS: must be an integer >= 1000/,
    );
  });
});
