// The process entry of cli-process.ts: the CLI's own main, as bin/wa-identity.js runs it.
import { runFromProcess } from '../../../processors/applications/cli/main.js';

runFromProcess();
