// `calico-ipip-sim ping <pod> <ip> [busybox ping options] [--tcpdump host:iface]… [--pcap DIR]`

import { Option, type Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { SimSession, type PingArgs } from '../../session/session.ts';
import type { ForwardingEngineName } from '../../engine/engine.ts';
import { clusterOf, simOptionsOf, stateOf, type ExitStatus } from '../context.ts';
import type { Io } from '../../io.ts';

export interface PingCliOpts {
  count?: string;
  size?: string;
  ttl?: string;
  timeout?: string;
  deadline?: string;
  interval?: string;
  quiet?: boolean;
  pattern?: string;
  pid?: string;
  tcpdump?: string[];
  pcap?: string;
  filter?: string;
  vv?: boolean;
  verbose?: number;
  engine?: string;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** The ping options, shared by `ping` and the shell's `ping` line. */
export function pingOptions(cmd: Command): Command {
  return cmd
    .option('-c <count>', 'send only COUNT pings')
    .option('-s <size>', 'send SIZE data bytes in packets (default 56)')
    .option('-t <ttl>', 'set TTL (IP_TTL)')
    .option('-W <sec>', 'seconds to wait for the first response after the last send (default 10)')
    .option('-w <sec>', 'seconds until ping exits')
    .option('-i <secs>', 'interval between pings (default 1)')
    .option('-q', 'quiet: only the first line and the statistics')
    .option('-p <hexbyte>', 'payload pattern')
    .option('-M <pmtudisc>', "iputils' path MTU discovery: do (DF, never fragment), want (DF when it fits, else fragment: the default), dont (no DF)")
    .option('--pid <n>', "busybox's pid, the ICMP identifier (default: 29, then counting up per pod)")
    .option('--tcpdump <host:iface[:filter]>', "print what tcpdump -eNnnvl -i IFACE [FILTER] prints on that host (repeatable); tcpdump's flags may open the filter part: k8s-master-1:ens160:'-en ip proto 4'", collect)
    .option('--pcap <dir>', 'write <host>_<iface>.pcap per captured interface (all interfaces without --tcpdump)')
    .option('--filter <expr>', 'tcpdump filter for captures without their own: host, net, src, dst, port, icmp, arp, ip proto N, not/and/or, ( )')
    .option('-v, --verbose', 'tcpdump -v (the default for captures); -vv for tcpdump -vv', (_: string, n: number) => n + 1, 0)
    .addOption(new Option('--vv', 'same as -vv').hideHelp());
}

function num(field: string, v: string | undefined, hex = false): number | undefined {
  if (v === undefined) return undefined;
  const n = hex ? (/^[0-9a-f]{1,2}$/i.test(v) ? parseInt(v, 16) : NaN) : Number(v);
  if (v.trim() === '' || Number.isNaN(n)) throw new ConfigError(field, hex ? 'must be a hex byte' : 'must be a number', v);
  return n;
}

/** commander's parsed options → PingArgs (numbers checked by the session). */
export function pingArgs(pod: string, host: string, o: Record<string, unknown>): PingArgs {
  const s = (k: string): string | undefined => o[k] as string | undefined;
  // Capture options print or write nothing without a capture: say so instead of ignoring them.
  const captures = o.tcpdump !== undefined || o.pcap !== undefined;
  if (!captures && o.filter !== undefined) throw new ConfigError('--filter', 'needs --tcpdump HOST:IFACE or --pcap DIR (it selects what they capture)', o.filter);
  if (o.tcpdump === undefined && (o.vv || ((o.verbose as number | undefined) ?? 0) > 0)) {
    throw new ConfigError(o.vv ? '--vv' : '-v', 'needs --tcpdump HOST:IFACE (it sets how captured packets print)', o.vv ? '--vv' : '-' + 'v'.repeat(o.verbose as number));
  }
  return {
    pod, host,
    count: num('-c', s('c')),
    size: num('-s', s('s')),
    ttl: num('-t', s('t')),
    timeoutS: num('-W', s('W')),
    deadlineS: num('-w', s('w')),
    intervalS: num('-i', s('i')),
    quiet: Boolean(o.q),
    pattern: num('-p', s('p'), true),
    pmtudisc: s('M') as PingArgs['pmtudisc'],
    pid: num('--pid', s('pid')),
    tcpdump: o.tcpdump as string[] | undefined,
    pcap: s('pcap'),
    filter: s('filter'),
    verbose: o.vv || (o.verbose as number | undefined ?? 0) >= 2 ? 2 : 1,
  };
}

export function engineOf(v: unknown): ForwardingEngineName {
  if (v === undefined) return 'wasm';
  if (v !== 'wasm' && v !== 'ts') throw new ConfigError('--engine', 'must be wasm or ts', v);
  return v;
}

export function register(program: Command, io: Io, status: ExitStatus): void {
  pingOptions(
    program
      .command('ping')
      .description("busybox ping from a pod through the simulated dataplane (ARP, proxy ARP, forwarding, IPIP, the peer's echo reply)")
      .argument('<pod>', 'pod name or namespace/pod')
      .argument('<ip>', 'destination address'),
  )
    .addOption(new Option('--engine <engine>', 'forwarding engine').choices(['wasm', 'ts']).default('wasm'))
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  calico-ipip-sim ping busybox-77649b9c55-r6bx9 172.16.109.65 -c 1\n' +
        '  calico-ipip-sim ping busybox-77649b9c55-r6bx9 172.16.109.65 -c 1 --tcpdump k8s-master-1:cali12242800409 \\\n' +
        '      --tcpdump k8s-master-1:tunl0 --tcpdump k8s-master-1:ens160 --pcap caps\n' +
        '  calico-ipip-sim ping busybox-77649b9c55-r6bx9 172.16.196.2 -c 3        # same host: ttl=63\n' +
        '  calico-ipip-sim ping busybox-77649b9c55-r6bx9 172.16.109.65 -c 1 -t 1 --tcpdump k8s-master-1:cali12242800409',
    )
    .action((pod: string, host: string, opts: Record<string, unknown>, cmd: Command) => {
      const engine = engineOf(opts.engine);
      const args = pingArgs(pod, host, opts);
      const journal = stateOf(cmd, engine, io);
      status.code = journal ? journal.ping(args, io) : new SimSession(clusterOf(cmd, io), { engine, ...simOptionsOf(cmd) }).ping(args, io);
    });
}
