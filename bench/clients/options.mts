// The bench's options, `name=value` arguments; a bad one is named in the error.
import { CLIENTS } from './contract.mts';
import type { ClientName } from './contract.mts';

export interface BenchOptions {
  /** Input records (about: the traffic generator rounds). */
  records: number;
  /** Measured runs per client (the median is reported); 0 for the kill check alone. */
  runs: number;
  clients: ClientName[];
  /** Records of one partition per transaction, at most (the adapter's default is 1000). */
  maxBatch: number;
  /** Also run the SIGKILL-and-resume check per client. */
  kill: boolean;
  /** Keep the topics afterwards (to inspect them); they are deleted by default. */
  keep: boolean;
  brokers: string[];
}

export const USAGE =
  'node bench/clients.mts [records=20000] [runs=3] [clients=kafkajs,platformatic,confluent] [maxBatch=1000] [kill=1] [keep=0]';

export function parseOptions(args: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const given = new Map<string, string>();
  for (const arg of args) {
    const [name, value] = arg.split('=', 2);
    if (name === undefined || value === undefined)
      throw new Error(`"${arg}": expected name=value; ${USAGE}`);
    given.set(name, value);
  }
  const integer = (name: string, fallback: number, min: number): number => {
    const n = Number(given.get(name) ?? fallback);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name}: expected an integer ≥ ${min}`);
    given.delete(name);
    return n;
  };
  const o: BenchOptions = {
    records: integer('records', 20_000, 1),
    runs: integer('runs', 3, 0),
    maxBatch: integer('maxBatch', 1000, 1),
    kill: (given.get('kill') ?? '1') !== '0',
    keep: (given.get('keep') ?? '0') !== '0',
    clients: (given.get('clients') ?? CLIENTS.join(',')).split(',') as ClientName[],
    brokers: (env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean),
  };
  given.delete('kill');
  given.delete('keep');
  given.delete('clients');
  for (const name of given.keys()) throw new Error(`${name}: unknown option; ${USAGE}`);
  for (const c of o.clients)
    if (!CLIENTS.includes(c))
      throw new Error(`clients: unknown client "${c}" (${CLIENTS.join(', ')})`);
  if (o.brokers.length === 0) throw new Error('KAFKA_BROKERS: set it to the broker to measure on');
  return o;
}
