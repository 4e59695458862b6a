// The identity explorer in a real headless browser (Debian's Chromium driven by
// playwright-core): a worker runs the demo's deliveries, serves the lookup API and the page on
// its metrics port; a support agent, using the keyboard only, looks up the demo's rotated
// user by the BSUID it had before the rotation and sees the lineage drawn: both BSUIDs as
// nodes, an edge labelled as the rotation, the phone's provenance and the interaction window.
// A screenshot is kept in .run/test-artifacts/explorer.png.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePorts } from '../../../processors/adapters/local-stack/ports.js';
import { packageRoot } from '../../../processors/adapters/package-root.js';
import {
  startWorkerHttp,
  type WorkerHttp,
} from '../../../processors/applications/lookup/worker-http.js';
import { loadConfig } from '../../../processors/applications/config.js';
import { startPipeline, type Pipeline } from '../../../processors/applications/worker/index.js';
import { useKafka } from '../../helpers/kafka.js';
import { rawInput } from '../../unit/pipeline/inputs.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import { FAST, logger, send, settled, usePipelineDeployments } from '../pipeline/harness.js';

/** The little of the DOM the checks run in the page use (the project has no DOM typings). */
interface DomElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; right: number };
  querySelectorAll(selector: string): Iterable<DomElement>;
}

const BROWSER = process.env['WAI_CHROMIUM'] ?? '/usr/bin/chromium';
const OLD_BSUID = 'US.13491208655302741918';
const NEW_BSUID = 'US.24817305912873645029';
const TOKEN = 'explorer-test-token-no-phones';
const ARTIFACTS = join(packageRoot(), '.run', 'test-artifacts');

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
let d: PipelineDeployment;
let http: WorkerHttp | undefined;
let pipeline: Pipeline | undefined;
let browser: Browser | undefined;
let page: Page;
let url: string;

const hasBrowser = existsSync(BROWSER);
if (!hasBrowser) {
  console.warn(
    `explorer browser test skipped: no Chromium at ${BROWSER} (scripts/test installs it as root with apt-get; or set WAI_CHROMIUM)`,
  );
}
const describeInBrowser = hasBrowser ? describe : describe.skip;

describeInBrowser('identity explorer in Chromium', () => {
  beforeAll(async () => {
    const [port] = await freePorts(1);
    d = await deployment('explorer');
    const config = loadConfig({
      ...d.env,
      WAI_METRICS_PORT: String(port),
      WAI_METRICS_HOST: '127.0.0.1',
      WAI_ADVERTISED_URL: `http://127.0.0.1:${port}`,
      WAI_LOOKUP_TOKENS: JSON.stringify({ [TOKEN]: { portfolios: ['acme'], phones: false } }),
    });
    const worker = await startWorkerHttp(config, logger);
    if (worker === null) throw new Error('no HTTP endpoint');
    http = worker;
    url = `http://127.0.0.1:${worker.server.port}`;
    pipeline = await startPipeline({
      config,
      logger,
      tuning: FAST,
      metrics: worker.metrics,
      endpoint: url,
    });
    worker.attach(pipeline);
    const deliveries = readFileSync(
      join(packageRoot(), 'deploy', 'demo', 'deliveries.ndjson'),
      'utf8',
    )
      .split('\n')
      .filter((l) => l.trim() !== '');
    const now = Date.now();
    await send(
      kit,
      d,
      deliveries.map((line, i) => rawInput(line, now + i)),
    );
    await settled(d);
    const launched = await chromium.launch({
      executablePath: BROWSER,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    browser = launched;
    page = await launched.newPage({ viewport: { width: 1366, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await pipeline?.stop();
    await http?.close();
  });

  it('draws the rotated user’s lineage, found by the BSUID before the rotation, keyboard only', async () => {
    await page.goto(`${url}/explorer`);
    // Labels name every field (what a screen reader announces), and Tab walks the form.
    await page.getByLabel('Portfolio').focus();
    await page.keyboard.type('acme');
    await page.keyboard.press('Tab');
    await page.keyboard.type(OLD_BSUID);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Contact found.' })
      .waitFor({ timeout: 10_000 });

    const graph = page.getByRole('img', { name: 'Identity lineage graph' });
    await graph.waitFor();
    const nodes = await graph
      .locator('g.node')
      .evaluateAll((gs: DomElement[]) => gs.map((g) => g.getAttribute('data-id')));
    expect(nodes).toEqual(expect.arrayContaining([OLD_BSUID, NEW_BSUID]));
    expect(await graph.locator('line.edge').count()).toBeGreaterThanOrEqual(1);
    expect(await graph.textContent()).toContain('BSUID rotated');
    const facts = await page.locator('#result dl').textContent();
    expect(facts).toContain(NEW_BSUID);
    // The token grants no phones: the page shows the masked number and says so.
    expect(facts).toMatch(/•••.*\(masked\)/);
    expect(facts).toMatch(/via WEBHOOK/);
    // The demo's window closed in May: its meter and its drawn bar are empty.
    const meter = page.getByRole('meter').first();
    expect(await meter.getAttribute('aria-valuenow')).toBe('0');
    expect(
      await meter.locator('.bar').evaluate((b: DomElement) => b.getBoundingClientRect().width),
    ).toBe(0);
    // Nothing the page draws is cut off: the edge label fits in the graph.
    const fits = await graph.evaluate((svg: DomElement) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].every(
        (t) => t.getBoundingClientRect().right <= box.right + 0.5,
      );
    });
    expect(fits).toBe(true);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'explorer.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });

  it('says so when the token is wrong, without showing a contact', async () => {
    await page.goto(`${url}/explorer`);
    await page.getByLabel('Portfolio').fill('acme');
    await page.getByLabel('BSUID, phone or @username').fill(NEW_BSUID);
    await page.getByLabel('Token').fill('a-token-nobody-configured');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.locator('#status.error').waitFor({ timeout: 10_000 });
    expect(await page.locator('#result').isHidden()).toBe(true);
  });
});
