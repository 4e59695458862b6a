// The pipeline does not run on topics nobody provisioned: with its topics missing, start-up
// fails, naming the command that creates them, and leaves no topic behind.
import { describe, expect, it } from '@jest/globals';
import { useKafka } from '../../helpers/kafka.js';
import { startPipeline } from '../../../processors/applications/worker/index.js';
import { useDeployments } from '../provision/deployment.js';
import { PIPELINE_ENV } from '../../unit/pipeline/inputs.js';
import { logger } from './harness.js';

const kit = useKafka();
const deployment = useDeployments(kit);

describe('pipeline on Kafka: start-up', () => {
  it('refuses to start when the topics are not provisioned', async () => {
    const d = deployment('pipe-missing', PIPELINE_ENV);
    await expect(startPipeline({ config: d.config, logger })).rejects.toThrow(
      /wa-identity provision/,
    );
    const topics = await (await kit.admin()).listTopics();
    expect(topics.filter((t) => t.startsWith(d.prefix))).toEqual([]);
  });
});
