// A static file server for the built playground: only the files of its folder (a path that
// resolves outside it, or to anything but a regular file, is 404), on 127.0.0.1 unless told
// otherwise, with the cross-origin isolation headers (COOP same-origin, COEP require-corp)
// that SharedArrayBuffer and a shared WebAssembly.Memory need in a browser.

import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** The file under `root` that `urlPath` names, or null when it would leave `root`. */
export function fileFor(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path.endsWith('/')) path += 'index.html';
  const base = resolve(root);
  const file = resolve(join(base, path));
  return file.startsWith(base + sep) ? file : null;
}

export function servePlayground(root: string, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (code: number, body: string | Uint8Array, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', ...ISOLATION_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    const file = fileFor(root, req.url ?? '/');
    if (file === null) return send(404, 'not found\n');
    stat(file)
      .then((s) => (s.isFile() ? readFile(file) : Promise.reject(new Error('not a file'))))
      .then((body) => send(200, body, TYPES[extname(file)] ?? 'application/octet-stream'), () => send(404, 'not found\n'));
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok(server);
    });
  });
}

/** http://HOST:PORT/ for what the server listens on (IPv6 literals in brackets). */
export function urlOf(server: Server): string {
  const a = server.address();
  if (a === null || typeof a === 'string') throw new Error('server is not listening on TCP');
  const h = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return `http://${h}:${a.port}/`;
}
