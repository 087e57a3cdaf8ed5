// HTTP over the pod TCP of tcp.ts: the small responder the Services' backend pods run on their
// target port, and busybox's `wget` and `nc -z` as a user types them in a pod.
//
// The responder stands in for the seed's `httpd -f -v -p 80 -h /var/lib/www`: it answers any
// request with 200 and a one-line body naming the pod (so which backend IPVS picked shows in
// wget's output; busybox httpd with the seed's empty directory would answer 404 from every
// pod alike), then closes (HTTP/1.0, as httpd does for `Connection: close`).
//
// busybox 1.36 wget sends `GET <path> HTTP/1.1`, `Host:`, `User-Agent: Wget`, `Connection:
// close`, and with -q -O- writes the body to stdout; a refused connection (a RST, or ICMP port
// unreachable, which IPVS sends for a Service without endpoints) prints `wget: can't connect
// to remote host (IP): Connection refused`, another ICMP error about the SYN its own errno
// (tcp_v4_err: host unreachable → No route to host), a non-2xx status
// `wget: server returned error: <status line>`, no answer within -T (default 900 s)
// `wget: download timed out`. nc -z connects and closes; -v prints `HOST (IP:PORT) open`.

import { formatIp4, parseIp4, type Ip4 } from '../net/addr.ts';
import type { PodStack } from './stack.ts';
import type { TcpConn } from './tcp.ts';
import { STRERROR } from './errno.ts';

const enc = new TextEncoder();
const dec = new TextDecoder('latin1');
/** From the responder's write to its process's exit (the socket's close). */
const EXIT_NS = 10e6;

/** Serve HTTP on `port` of the pod. */
export function serveHttp(stack: PodStack, port: number): void {
  const env = stack.tcp.env;
  stack.tcp.listen(port, (c) => {
    let request = '';
    c.handlers = {
      data: (conn, d) => {
        request += dec.decode(d);
        if (!request.includes('\r\n\r\n')) return;
        const body = `${stack.pod.name}\n`;
        conn.send(enc.encode(`HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`));
        // the handler process exits after its write and the exit closes the socket: the
        // FIN follows the client's acknowledgement of the data (as the kernel oracle's
        // responder shows), not the data itself
        env.at(env.now() + EXIT_NS, () => conn.close());
      },
      end: (conn) => conn.close(),
    };
  });
}

export interface ProcessIo {
  out(text: string): void;
  err(text: string): void;
  now(): number;
  at(t: number, run: () => void): void;
}

/** A URL wget can fetch: http://HOST[:PORT][/PATH], HOST a dotted quad (no DNS here). */
export function parseHttpUrl(url: string): { host: Ip4; port: number; path: string; hostText: string } | null {
  const m = /^(?:http:\/\/)?([0-9.]+)(?::(\d{1,5}))?(\/.*)?$/.exec(url);
  if (!m) return null;
  const host = parseIp4(m[1]);
  const port = m[2] === undefined ? 80 : Number(m[2]);
  if (host === null || port < 1 || port > 65535) return null;
  return { host, port, path: m[3] ?? '/', hostText: m[2] === undefined ? m[1] : `${m[1]}:${m[2]}` };
}

/** busybox wget -q -O- URL. */
export class BusyboxWget {
  exitCode: number | null = null;
  private body = '';
  private conn: TcpConn | null = null;

  constructor(
    private readonly stack: PodStack,
    private readonly url: { host: Ip4; port: number; path: string; hostText: string },
    private readonly io: ProcessIo,
    private readonly timeoutS = 900,
  ) {}

  start(): void {
    const { host, port, path, hostText } = this.url;
    this.io.at(this.io.now() + this.timeoutS * 1e9, () => this.fail('download timed out'));
    this.conn = this.stack.tcp.connect(host, port, {
      connected: (c) => c.send(enc.encode(`GET ${path} HTTP/1.1\r\nHost: ${hostText}\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n`)),
      data: (_c, d) => { this.body += dec.decode(d); },
      end: (c) => {
        c.close();
        this.finish();
      },
      failed: (_c, err) => this.fail(`can't connect to remote host (${formatIp4(host)}): ${STRERROR[err]}`),
      reset: () => this.fail(`error getting response: ${STRERROR.ECONNRESET}`),
    });
  }

  private finish(): void {
    if (this.exitCode !== null) return;
    const split = this.body.indexOf('\r\n\r\n');
    const status = this.body.slice(0, this.body.indexOf('\r\n'));
    if (split < 0 || !/^HTTP\/1\.[01] \d{3}/.test(status)) return this.fail('error getting response');
    if (!/^HTTP\/1\.[01] 2\d\d/.test(status)) return this.fail(`server returned error: ${status}`);
    this.io.out(this.body.slice(split + 4));
    this.exitCode = 0;
  }

  private fail(msg: string): void {
    if (this.exitCode !== null) return;
    this.io.err(`wget: ${msg}\n`);
    this.exitCode = 1;
  }
}

/** busybox nc -z [-v] [-w SECS] HOST PORT. */
export class BusyboxNcZ {
  exitCode: number | null = null;

  constructor(
    private readonly stack: PodStack,
    private readonly host: Ip4,
    private readonly port: number,
    private readonly verbose: boolean,
    private readonly io: ProcessIo,
    private readonly timeoutS = 0,
  ) {}

  start(): void {
    const name = `${formatIp4(this.host)} (${formatIp4(this.host)}:${this.port})`;
    if (this.timeoutS > 0) {
      this.io.at(this.io.now() + this.timeoutS * 1e9, () => {
        if (this.exitCode !== null) return;
        this.io.err(`nc: ${name}: Connection timed out\n`);
        this.exitCode = 1;
      });
    }
    this.stack.tcp.connect(this.host, this.port, {
      connected: (c) => {
        if (this.verbose) this.io.err(`${name} open\n`);
        c.close();
        if (this.exitCode === null) this.exitCode = 0;
      },
      end: (c) => c.close(),
      failed: (_c, err) => {
        if (this.exitCode !== null) return;
        this.io.err(`nc: ${name}: ${STRERROR[err]}\n`);
        this.exitCode = 1;
      },
    });
  }
}
