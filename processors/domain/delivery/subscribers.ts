// Who receives which events: each subscriber names its endpoint, the portfolios and event
// types it wants ("*" for all), and its retry budget. Secrets are resolved by the application
// (from the environment or files), never written in this list.
import type { EventType, NormalizedEvent } from '../events/event.js';
import { isObject } from '../input/json-read.js';

export interface Subscriber {
  /** Lower-case letters, digits and '-': it names the consumer group and dead-letter topic. */
  id: string;
  url: string;
  portfolios: '*' | ReadonlySet<string>;
  eventTypes: '*' | ReadonlySet<EventType>;
  /** Attempts before dead-lettering (the first included). */
  maxAttempts: number;
  /** Per attempt. */
  timeoutMs: number;
  /** Where the secrets come from: an environment variable and/or a file (one per line). */
  secretEnv: string | null;
  secretFile: string | null;
}

const EVENT_TYPES: readonly EventType[] = [
  'MESSAGE',
  'STATUS',
  'CALL',
  'IDENTITY_CHANGE',
  'USER_PREFERENCE',
  'OUTBOUND',
  'UNKNOWN',
];

export interface SubscriberProblem {
  field: string;
  message: string;
}

function stringSet<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[] | null,
  problems: SubscriberProblem[],
): '*' | ReadonlySet<T> {
  if (value === undefined || value === '*') return '*';
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    problems.push({ field, message: 'expected "*" or a list of strings' });
    return new Set();
  }
  const list = value as string[];
  const bad =
    allowed === null ? [] : list.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length > 0)
    problems.push({
      field,
      message: `unknown ${bad.join(', ')} (known: ${allowed?.join(', ') ?? ''})`,
    });
  return new Set(list as T[]);
}

function intField(
  v: unknown,
  fallback: number,
  min: number,
  field: string,
  p: SubscriberProblem[],
): number {
  if (v === undefined) return fallback;
  if (typeof v === 'number' && Number.isInteger(v) && v >= min) return v;
  p.push({ field, message: `expected an integer >= ${min}` });
  return fallback;
}

function optionalString(v: unknown, field: string, p: SubscriberProblem[]): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  p.push({ field, message: 'expected a non-empty string' });
  return null;
}

/** The subscriber list from its JSON form; every problem named by its path (`<name>[i].field`). */
export function parseSubscribers(
  json: unknown,
  name: string,
): { subscribers: Subscriber[]; problems: SubscriberProblem[] } {
  const problems: SubscriberProblem[] = [];
  if (!Array.isArray(json)) {
    return {
      subscribers: [],
      problems: [{ field: name, message: 'expected a JSON list of subscribers' }],
    };
  }
  const seen = new Set<string>();
  const subscribers = json.flatMap((raw: unknown, i): Subscriber[] => {
    const at = `${name}[${i}]`;
    if (!isObject(raw)) {
      problems.push({ field: at, message: 'expected an object' });
      return [];
    }
    const id = raw['id'];
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) {
      problems.push({
        field: `${at}.id`,
        message: 'expected lower-case letters, digits and "-" (1-63)',
      });
      return [];
    }
    if (seen.has(id)) problems.push({ field: `${at}.id`, message: `"${id}" is listed twice` });
    seen.add(id);
    const url = raw['url'];
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url))
      problems.push({ field: `${at}.url`, message: 'expected an http(s) URL' });
    const secretEnv = optionalString(raw['secretEnv'], `${at}.secretEnv`, problems);
    const secretFile = optionalString(raw['secretFile'], `${at}.secretFile`, problems);
    if (secretEnv === null && secretFile === null)
      problems.push({
        field: `${at}.secretEnv`,
        message: 'name secretEnv and/or secretFile: every request is signed',
      });
    return [
      {
        id,
        url: typeof url === 'string' ? url : '',
        portfolios: stringSet(raw['portfolios'], `${at}.portfolios`, null, problems),
        eventTypes: stringSet(raw['eventTypes'], `${at}.eventTypes`, EVENT_TYPES, problems),
        maxAttempts: intField(raw['maxAttempts'], 8, 1, `${at}.maxAttempts`, problems),
        timeoutMs: intField(raw['timeoutMs'], 10_000, 100, `${at}.timeoutMs`, problems),
        secretEnv,
        secretFile,
      },
    ];
  });
  return { subscribers, problems };
}

export function wants(subscriber: Subscriber, event: NormalizedEvent): boolean {
  const { portfolios, eventTypes } = subscriber;
  return (
    (portfolios === '*' || portfolios.has(event.portfolioId)) &&
    (eventTypes === '*' || eventTypes.has(event.eventType))
  );
}
