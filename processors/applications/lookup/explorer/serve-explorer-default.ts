// The explorer handler over the static files shipped next to this module (dist/ or sources).
import { join } from 'node:path';
import { explorerHandler } from './serve-explorer.js';

export const serveExplorer = explorerHandler(join(import.meta.dirname, 'static'));
