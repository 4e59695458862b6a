// The product's topics. Names derive from one prefix; each topic's Avro subject directory under
// schemas/ is fixed (the default subject name), while the subject registered is always
// `<actual topic>-value` (TopicNameStrategy).

export type TopicId =
  'input' | 'dataStream' | 'exportLog' | 'contactBook' | 'outboundResults' | 'dlq';

export interface TopicSpec {
  id: TopicId;
  name: string;
  /** Directory under schemas/ holding v<N>.avsc; null for JSON / raw-bytes topics. */
  schemaDir: string | null;
  configs: Record<string, string>;
}

const DAY = 24 * 60 * 60 * 1000;

const LAYOUT: Record<
  TopicId,
  { suffix: string; schemaDir: string | null; configs: Record<string, string> }
> = {
  // The input log (webhook deliveries, send requests, admin commands; keyed by portfolio) is
  // the system of record for replays: its retention (`WAI_INPUT_RETENTION_MS`, default
  // forever) is the replay horizon, and how long raw deliveries (whole vCards) are kept.
  input: { suffix: 'input', schemaDir: null, configs: { 'retention.ms': '-1' } },
  dataStream: { suffix: 'data-stream', schemaDir: 'whatsapp.data-stream-value', configs: {} },
  exportLog: { suffix: 'export-log', schemaDir: 'whatsapp.export-log-value', configs: {} },
  contactBook: {
    suffix: 'contact-book',
    schemaDir: 'whatsapp.contact-book-value',
    configs: {
      'cleanup.policy': 'compact',
      // A deleted entry (tombstone) must really vanish: compaction may lag at most one day,
      // and segments roll hourly so the active segment never shields old values for long.
      'max.compaction.lag.ms': String(DAY),
      'min.compaction.lag.ms': String(60 * 1000),
      'segment.ms': String(60 * 60 * 1000),
      // Tombstones stay readable for a day so a restoring worker sees the delete.
      'delete.retention.ms': String(DAY),
      'min.cleanable.dirty.ratio': '0.1',
    },
  },
  outboundResults: {
    suffix: 'outbound.results',
    schemaDir: 'whatsapp.outbound.results-value',
    configs: {},
  },
  dlq: { suffix: 'dlq', schemaDir: null, configs: { 'retention.ms': String(30 * DAY) } },
};

export type TopicNames = Readonly<Record<TopicId, string>>;

/** Per-deployment topic settings; absent: the layout's defaults. */
export interface TopicSettings {
  /** The input log's `retention.ms`; -1 keeps every record (the default). */
  inputRetentionMs?: number;
}

/** The input log's default retention: forever, the whole log is the replay horizon. */
export const DEFAULT_INPUT_RETENTION_MS = -1;

export function topicSpecs(prefix: string, settings: TopicSettings = {}): TopicSpec[] {
  return (Object.keys(LAYOUT) as TopicId[]).map((id) => ({
    id,
    name: `${prefix}${LAYOUT[id].suffix}`,
    schemaDir: LAYOUT[id].schemaDir,
    configs:
      id === 'input' && settings.inputRetentionMs !== undefined
        ? { ...LAYOUT[id].configs, 'retention.ms': String(settings.inputRetentionMs) }
        : LAYOUT[id].configs,
  }));
}

export function topicNames(prefix: string): TopicNames {
  return Object.freeze(
    Object.fromEntries(topicSpecs(prefix).map((t) => [t.id, t.name])) as Record<TopicId, string>,
  );
}
