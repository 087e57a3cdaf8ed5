#!/usr/bin/env node
// The CLI as compiled to dist/ by `npm run build:dist` (run by prepare: `npm ci`, `npm pack`):
// nothing is compiled at start. From a checkout without dist/, run `npm run build:dist` first.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('error: dist/cli.js: the CLI is not built (run `npm run build:dist`)\n');
  process.exit(2);
}
await import(main.href);
