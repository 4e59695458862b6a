// `npm run bench -- [options]`: every size is an option; the defaults are issue 11's, `--quick`
// the smoke run's (seconds of load, one worker count, one latency point, one kill, a small
// contact book). An option given explicitly wins over both.
import { parseArgs } from 'node:util';

export type SystemName = 'ours' | 'naive' | 'kstreams';
export const SYSTEMS: readonly SystemName[] = ['ours', 'naive', 'kstreams'];

export const PHASES = ['cpu', 'throughput', 'latency', 'recovery', 'restore'] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  quick: boolean;
  deliveries: number;
  users: number;
  numbers: number;
  portfolios: number;
  partitions: number;
  workers: number[];
  systems: SystemName[];
  latencyPoints: number[];
  latencySeconds: number;
  latencySystems: SystemName[];
  kills: number;
  recoveryRate: number;
  sessionMs: number;
  contacts: number[];
  phases: Phase[];
  timeoutSeconds: number;
  runSeconds: number;
}

const FULL = {
  deliveries: '100000',
  users: '100000',
  numbers: '12',
  portfolios: '6',
  partitions: '6',
  workers: '1,2,3',
  systems: SYSTEMS.join(','),
  'latency-points': '25,50,80',
  'latency-seconds': '30',
  'latency-systems': SYSTEMS.join(','),
  kills: '10',
  'recovery-rate': '300',
  'session-ms': '10000',
  contacts: '1000000,10000000',
  phases: PHASES.join(','),
  'timeout-s': '900',
  'run-s': '120',
} as const;
type Key = keyof typeof FULL;

const QUICK: Partial<Record<Key, string>> = {
  deliveries: '3000',
  workers: '1',
  'latency-points': '50',
  'latency-seconds': '5',
  'latency-systems': 'ours',
  kills: '1',
  contacts: '20000',
  'timeout-s': '300',
};

export const USAGE = `npm run bench -- [--quick] ${Object.entries(FULL)
  .map(([k, v]) => `[--${k} ${v}]`)
  .join(' ')}`;

class OptionError extends Error {}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new OptionError(`--${name}: "${text}" is not a positive number`);
  return n;
}

function list<T extends string>(name: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(',').map((s) => s.trim());
  const wrong = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (wrong.length > 0)
    throw new OptionError(`--${name}: ${wrong.join(', ')} not one of ${allowed.join(', ')}`);
  return items as T[];
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const spec = Object.fromEntries(Object.keys(FULL).map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: [...argv],
    options: { ...spec, quick: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  const quick = values.quick === true;
  const get = (k: Key): string => {
    const given = (values as Record<string, unknown>)[k];
    return typeof given === 'string' ? given : ((quick ? QUICK[k] : undefined) ?? FULL[k]);
  };
  const num = (k: Key) => positive(k, get(k));
  const nums = (k: Key) =>
    get(k)
      .split(',')
      .map((s) => positive(k, s.trim()));
  return {
    quick,
    deliveries: num('deliveries'),
    users: num('users'),
    numbers: num('numbers'),
    portfolios: num('portfolios'),
    partitions: num('partitions'),
    workers: nums('workers'),
    systems: list('systems', get('systems'), SYSTEMS),
    latencyPoints: nums('latency-points'),
    latencySeconds: num('latency-seconds'),
    latencySystems: list('latency-systems', get('latency-systems'), SYSTEMS),
    kills: num('kills'),
    recoveryRate: num('recovery-rate'),
    sessionMs: num('session-ms'),
    contacts: nums('contacts'),
    phases: list('phases', get('phases'), PHASES),
    timeoutSeconds: num('timeout-s'),
    runSeconds: num('run-s'),
  };
}

/** A bad command line (ours, or node:util parseArgs's ERR_PARSE_ARGS_*): exit 2 with usage. */
export function isOptionError(err: unknown): err is Error {
  if (err instanceof OptionError) return true;
  // Duck-typed: node's own errors may come from another realm (a test VM).
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : null;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
