#!/usr/bin/env node
'use strict';
// The `wa-identity` command. It runs the compiled CLI: `npm run build` first.
require('../dist/processors/applications/cli/main.js').runFromProcess();
