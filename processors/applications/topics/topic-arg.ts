// The <topic> argument of the tools: a short name (data-stream, export-log, contact-book,
// outbound.results, dlq, input) or the full name under this deployment's prefix.
import { WaiError } from '../../domain/errors.js';
import type { TopicId, TopicNames } from '../../adapters/kafka/topics.js';

const SHORT: Readonly<Record<string, TopicId>> = {
  input: 'input',
  'data-stream': 'dataStream',
  'export-log': 'exportLog',
  'contact-book': 'contactBook',
  'outbound.results': 'outboundResults',
  dlq: 'dlq',
};

export interface ProductTopic {
  id: TopicId;
  name: string;
}

export function resolveTopic(raw: string | undefined, topics: TopicNames): ProductTopic {
  const names = Object.keys(SHORT);
  if (raw === undefined) {
    throw new WaiError('WAI_CONFIG', `<topic> is missing (one of ${names.join(', ')})`, {
      field: '<topic>',
    });
  }
  const byShort = Object.hasOwn(SHORT, raw) ? SHORT[raw] : undefined;
  if (byShort !== undefined) return { id: byShort, name: topics[byShort] };
  const byFull = (Object.keys(topics) as TopicId[]).find((id) => topics[id] === raw);
  if (byFull !== undefined) return { id: byFull, name: raw };
  throw new WaiError(
    'WAI_CONFIG',
    `<topic> ${raw}: not a topic of this deployment (one of ${names.join(', ')}, or ${Object.values(topics).join(', ')})`,
    { field: '<topic>' },
  );
}

/** Topics whose values are Avro on the Confluent wire format; the others hold raw bytes. */
export function isAvroTopic(id: TopicId): boolean {
  return id !== 'input' && id !== 'dlq';
}
