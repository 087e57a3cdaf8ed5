// `calico-ipip-sim playground [--port P] [--host H]`: builds the browser playground
// (playground/build.ts) and serves it (playground/serve.ts) until interrupted; prints its URL.
// In a checkout the page is rebuilt from playground/src/; an installed package has no sources
// and serves the page `npm pack` built into dist/playground/.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import type { Io } from '../../io.ts';
import type { ExitStatus } from '../context.ts';
import { buildPlayground, DEFAULT_OUT, SOURCES } from '../../../playground/build.ts';
import { servePlayground, urlOf } from '../../../playground/serve.ts';

interface PlaygroundOpts {
  port: string;
  host: string;
  out?: string;
  serve: boolean;
}

export function register(program: Command, io: Io, _status: ExitStatus): void {
  program
    .command('playground')
    .description('build the browser playground (the same WASM core in a page) and serve it on localhost')
    .option('--port <port>', 'TCP port (0: any free port)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--out <dir>', 'build into this folder (default dist/playground)')
    .option('--no-serve', 'build only: the folder is a static site (its host must send COOP/COEP)')
    .addHelpText('after', '\nExamples:\n  calico-ipip-sim playground\n  calico-ipip-sim playground --port 9000\n  open http://127.0.0.1:8080/#ping=busybox-77649b9c55-r6bx9/172.16.109.65')
    .action(async (opts: PlaygroundOpts) => {
      const port = Number(opts.port);
      if (!/^\d+$/.test(opts.port) || port > 65535) throw new ConfigError('--port', 'must be an integer 0..65535', opts.port);
      const dir = opts.out ?? DEFAULT_OUT;
      if (existsSync(SOURCES)) {
        const page = await buildPlayground(dir);
        io.err(`built ${page.dir} (${(page.bytes / 1024).toFixed(0)} KiB)\n`);
      } else if (opts.out !== undefined) {
        throw new ConfigError('--out', 'building needs the page sources (playground/src/), which an installed package does not ship; leave --out out to serve the prebuilt page', opts.out);
      } else if (!existsSync(join(DEFAULT_OUT, 'index.html'))) {
        throw new ConfigError('playground', 'the page is not built (run `npm run build:dist`)', DEFAULT_OUT);
      }
      if (!opts.serve) return;
      let server;
      try {
        server = await servePlayground(dir, port, opts.host);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        throw new ConfigError(code === 'EADDRINUSE' ? '--port' : '--host', `cannot listen (${code})`, code === 'EADDRINUSE' ? opts.port : opts.host);
      }
      io.out(`playground: ${urlOf(server)}\n`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          server.close(() => done());
          server.closeAllConnections();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
