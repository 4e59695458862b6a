#!/usr/bin/env node
// The `wa-identity` command. It runs the compiled CLI: `npm run build` first.
import { runFromProcess } from '../dist/processors/applications/cli/main.js';

runFromProcess();
