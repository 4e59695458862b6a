// The promise to analytics teams, on a real broker: generated burst traffic (six portfolios,
// users repeating within bursts, phone-only statuses, identity changes, outbound requests and
// admin commands interleaved) appended as one burst to the input log of a deployment with
// three workers gives, on every topic read back read_committed, `wa-identity normalize`'s
// records over the same input log, record for record in order per key. A copy of that input
// log replayed into a fresh deployment (new topics, app id and groups) with one worker gives
// byte-identical records, on the same partitions, with the same timestamps.
import { describe, expect, it } from '@jest/globals';
import { useKafka } from '../../helpers/kafka.js';
import { generateTraffic } from '../../helpers/traffic.js';
import { PIPELINE_ENV } from '../../unit/pipeline/inputs.js';
import { count, normalizeReference, viewOf } from '../../unit/pipeline/reference.js';
import {
  readOutputs,
  readTopic,
  send,
  settled,
  usePipelineDeployments,
  outputBytes,
} from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

describe('worker on Kafka: burst traffic', () => {
  it('gives normalize’s records with three workers, and the same bytes on replay', async () => {
    const traffic = generateTraffic({
      recordTime: Date.now(),
      seed: 5,
      records: 2500,
      portfolios: 6,
      usersPerPortfolio: 25,
    });
    const map = JSON.stringify(traffic.portfolioMap);
    const env = { WAI_PORTFOLIO_MAP: map, WAI_PARTITIONS: '4' };
    const first = await deployment('pipe-burst-a', env);
    await Promise.all([first.start(), first.start(), first.start()]);
    await send(kit, first, traffic.inputs);
    await settled(first, 90_000);

    const expected = viewOf(
      await normalizeReference(traffic.inputs, { ...PIPELINE_ENV, WAI_PORTFOLIO_MAP: map }),
      true,
    );
    const actual = viewOf(await readOutputs(first), true);
    expect(actual).toEqual(expected);
    expect(count(actual, 'data-stream')).toBeGreaterThan(1500);
    const changes = Object.values(actual['data-stream'])
      .flat()
      .filter((e) => (e as { eventType: string }).eventType === 'IDENTITY_CHANGE');
    expect(changes.length).toBeGreaterThan(100);

    const second = await deployment('pipe-burst-b', env);
    const log = await readTopic(first, first.config.topics.input);
    const producer = await kit.producer();
    await producer.send({
      topic: second.config.topics.input,
      messages: log.map((r) => ({
        key: r.key,
        value: r.value,
        partition: r.partition,
        timestamp: String(r.timestamp),
      })),
    });
    await second.start();
    await settled(second, 90_000);
    const replayed = await outputBytes(second);
    const original = await outputBytes(first);
    expect(replayed).toEqual(original);
  }, 240_000);
});
