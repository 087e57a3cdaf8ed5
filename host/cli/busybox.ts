// The argv of busybox `ping` typed inside a pod (`kubectl exec POD -- ping -c 1 IP`), read with
// busybox's own option string (networking/ping.c, FANCY_PING: "qvAc:+s:t:+w:+W:+I:np:i:46")
// into the simulator's PingArgs: the same engine as the `ping` command.

import { ConfigError } from '../errors.ts';
import type { PingArgs } from '../sim/session.ts';
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
