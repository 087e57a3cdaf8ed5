// The argv of busybox `ping` and `traceroute` typed inside a pod (`kubectl exec POD -- ping -c 1 IP`), read with
// busybox's own option string (networking/ping.c, FANCY_PING: "qvAc:+s:t:+w:+W:+I:np:i:46")
// into the simulator's PingArgs: the same engine as the `ping` command.

import { ConfigError } from '../errors.ts';
import type { TracerouteOptions } from '../pod/traceroute.ts';
import type { PingArgs } from '../session/session.ts';
import { getopt } from './getopt.ts';

function num(opt: string, v: string, hex = false): number {
  const n = hex ? (/^[0-9a-f]{1,2}$/i.test(v) ? parseInt(v, 16) : NaN) : Number(v);
  if (v.trim() === '' || Number.isNaN(n)) throw new ConfigError(`ping -${opt}`, hex ? 'must be a hex byte' : 'must be a number', v);
  return n;
}

/** `pod` is where ping runs (name or namespace/name); `argv` what follows `ping`. */
export function busyboxPingArgs(pod: string, argv: readonly string[]): PingArgs {
  const g = getopt('ping', argv, 'qvAc:s:t:w:W:I:np:i:46');
  const a: PingArgs = { pod, host: '' };
  for (const { opt, arg } of g.opts) {
    switch (opt) {
      case 'c': a.count = num(opt, arg); break;
      case 's': a.size = num(opt, arg); break;
      case 't': a.ttl = num(opt, arg); break;
      case 'w': a.deadlineS = num(opt, arg); break;
      case 'W': a.timeoutS = num(opt, arg); break;
      case 'i': a.intervalS = num(opt, arg); break;
      case 'p': a.pattern = num(opt, arg, true); break;
      case 'q': a.quiet = true; break;
      case 'I':
        if (arg !== 'eth0') throw new ConfigError('ping -I', 'the pod has one interface, eth0', arg);
        break;
      case '6': throw new ConfigError('ping -6', 'IPv6 is not simulated (the pods have only link-local IPv6)', '-6');
      case 'A': throw new ConfigError('ping -A', 'adaptive ping is not simulated; use -i SECS', '-A');
      default: // -v, -n, -4: no effect on what busybox prints for an IPv4 address
    }
  }
  if (g.operands.length !== 1) throw new ConfigError('ping', 'usage: ping [-c CNT] [-s SIZE] [-t TTL] [-W SEC] [-w SEC] [-i SECS] [-q] [-p HEXBYTE] HOST', argv.join(' '));
  a.host = g.operands[0];
  return a;
}

export interface TracerouteArgs {
  host: string;
  opts: Omit<TracerouteOptions, 'sourcePort'>;
}

function range(opt: string, v: string, lo: number, hi: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < lo || n > hi) throw new ConfigError(`traceroute -${opt}`, `must be an integer ${lo}..${hi}`, v);
  return n;
}

/** busybox traceroute's argv (OPT_STRING "FIlnrdvxt:i:m:p:q:s:w:z:f:46"): HOST [PACKETLEN]. */
export function busyboxTracerouteArgs(argv: readonly string[]): TracerouteArgs {
  const g = getopt('traceroute', argv, 'FIlnrdvxt:i:m:p:q:s:w:z:f:46');
  const opts: TracerouteArgs['opts'] = {};
  let first: string | undefined;
  for (const { opt, arg } of g.opts) {
    switch (opt) {
      case 'n': opts.numeric = true; break;
      case 'm': opts.maxTtl = range(opt, arg, 1, 255); break;
      case 'p': opts.port = range(opt, arg, 0, 65535); break;
      case 'q': opts.probes = range(opt, arg, 1, 1000); break;
      case 'w': opts.waitS = range(opt, arg, 1, 86400); break;
      case 'z': opts.pauseMs = range(opt, arg, 0, 3_600_000); break;
      case 'f': first = arg; break;
      case 'F': case '4': break; // IP_DONTFRAG does not exist on Linux: -F changes nothing there
      case 'I': throw new ConfigError('traceroute -I', 'ICMP echo probes are not simulated; the UDP probes are', '-I');
      case '6': throw new ConfigError('traceroute -6', 'IPv6 is not simulated', '-6');
      default: throw new ConfigError(`traceroute -${opt}`, 'is not simulated (supported: -n -f -m -p -q -w -z -F)', `-${opt}`);
    }
  }
  if (first !== undefined) opts.firstTtl = range('f', first, 1, opts.maxTtl ?? 30);
  if (g.operands.length < 1 || g.operands.length > 2) {
    throw new ConfigError('traceroute', 'usage: traceroute [-n] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT] [-w SEC] [-z MSEC] HOST [BYTES]', argv.join(' '));
  }
  if (g.operands[1] !== undefined) opts.packetLen = range('(packet length)', g.operands[1], 46, 32 * 1024);
  if ((opts.packetLen ?? 46) > 1480) throw new ConfigError('traceroute', 'probes over the 1480-octet MTU would be fragmented, which is not simulated here', g.operands[1]);
  return { host: g.operands[0], opts };
}
