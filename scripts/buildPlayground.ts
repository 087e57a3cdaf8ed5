// `npm run build:playground [DIR]`: the browser playground into DIR (default dist/playground).
// A script of its own, not a main block in playground/build.ts: the CLI's bundle includes that
// module, and there `import.meta.url` is the bundle's own, so `node dist/cli.js get pods`
// passed a main-module test and rebuilt the page into ./get.

import { buildPlayground } from '../playground/build.ts';

const page = await buildPlayground(process.argv[2]);
console.log(`built ${page.dir} (${(page.bytes / 1024).toFixed(0)} KiB)`);
