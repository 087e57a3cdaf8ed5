// tcpdump's command line as users type it (`tcpdump -i cali12242800409 icmp -e -Nnnvl`,
// `tcpdump -eni ens160`, `tcpdump -i ens160 "ip proto 4" -ennvv`): the interface, how each
// packet is printed, a packet count and the filter expression (the operands, joined by spaces,
// as tcpdump's copy_argv does). Options that change nothing in a simulated capture (-l, -N,
// -n, -p, -U, -s) are accepted; those asking for output the simulator does not produce are errors.
// The timestamp (-t … -ttttt) and dump (-x, -xx, -X, -XX, -A, -AA) options print as tcpdump's
// ts_print and pretty_print_packet do.

import { ConfigError } from '../errors.ts';

export interface TcpdumpStyle {
  /** -v count (0 = tcpdump's default one-line form); -vvv and more print like -vv. */
  verbose: 0 | 1 | 2;
  /** -e: the link-level header (MACs and EtherType on Ethernet, "ip: " on raw IP). */
  link: boolean;
  /** How many -t: 0 HH:MM:SS.frac, 1 none, 2 seconds since the epoch, 3 time since the previous
   *  packet, 4 date and time, 5 time since the first packet. */
  time?: number;
  /** -x/-X/-A after each packet: hex, hex and ASCII, or ASCII, of the packet after the link
   *  header, or of the whole frame when doubled (-xx, -XX, -AA). */
  dump?: { as: 'hex' | 'hexascii' | 'ascii'; whole: boolean };
}

export interface TcpdumpArgs {
  iface?: string;
  style: TcpdumpStyle;
  /** -c N: exit after N packets. */
  count?: number;
  filter: string;
}

const NOT_SIMULATED: Record<string, string> = {
  w: 'use --pcap DIR to write pcap files', r: 'read the file with the real tcpdump', q: 'quick output is not produced', D: 'interfaces: exec HOST -- ip -br link',
};

/** Parses what follows `tcpdump` (getopt with GNU permutation, plus --interface=IF). */
export function parseTcpdumpArgs(argv: readonly string[]): TcpdumpArgs {
  const out: TcpdumpArgs = { style: { verbose: 0, link: false }, filter: '' };
  const operands: string[] = [];
  let verbose = 0;
  const flags = { t: 0, x: 0, X: 0, A: 0 };
  const takes = new Set(['i', 'c', 's', 'B', 'y', 'j', 'T', 'F', 'z', 'Z', 'E', 'C', 'G', 'W', 'M', 'V']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    const long = /^--(interface|count|verbose)(?:=(.*))?$/.exec(a);
    if (long) {
      const v = long[3] === undefined && long[1] !== 'verbose' ? argv[++i] : long[2];
      if (long[1] === 'interface') out.iface = v;
      else if (long[1] === 'count') out.count = count(v);
      else verbose++;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (takes.has(c)) {
        const v = a.slice(k + 1) !== '' ? a.slice(k + 1) : argv[++i];
        if (v === undefined) throw new ConfigError('tcpdump', `option requires an argument -- '${c}'`, a);
        if (c === 'i') out.iface = v;
        else if (c === 'c') out.count = count(v);
        else if (c !== 's' && c !== 'B') throw new ConfigError('tcpdump', `-${c} is not simulated`, a);
        break;
      }
      if (c === 'v') verbose++;
      else if (c === 'e') out.style.link = true;
      else if (c === 't' || c === 'x' || c === 'X' || c === 'A') flags[c]++;
      else if (NOT_SIMULATED[c]) throw new ConfigError('tcpdump', `-${c} is not simulated: ${NOT_SIMULATED[c]}`, a);
      else if (!'nNlpUSK#'.includes(c)) throw new ConfigError('tcpdump', `invalid option -- '${c}'`, a);
    }
  }
  out.style.verbose = verbose >= 2 ? 2 : verbose === 1 ? 1 : 0;
  if (flags.t > 0) out.style.time = Math.min(flags.t, 5);
  // pretty_print_packet: -X before -x before -A
  const [as, n] = flags.X ? (['hexascii', flags.X] as const) : flags.x ? (['hex', flags.x] as const) : flags.A ? (['ascii', flags.A] as const) : [null, 0];
  if (as) out.style.dump = { as, whole: n > 1 };
  out.filter = operands.join(' ');
  return out;
}

function count(v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || !/^\d+$/.test(v) || n < 1) throw new ConfigError('tcpdump -c', 'must be a packet count ≥ 1', v ?? '');
  return n;
}
