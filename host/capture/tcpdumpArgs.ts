// tcpdump's command line as users type it (`tcpdump -i cali12242800409 icmp -e -Nnnvl`,
// `tcpdump -eni ens160`, `tcpdump -i ens160 "ip proto 4" -ennvv`): the interface, how each
// packet is printed, a packet count and the filter expression (the operands, joined by spaces,
// as tcpdump's copy_argv does). Options that change nothing in a simulated capture (-l, -N,
// -n, -p, -U, -s) are accepted; those asking for output the simulator does not produce are errors.

import { ConfigError } from '../errors.ts';

export interface TcpdumpStyle {
  /** -v count (0 = tcpdump's default one-line form); -vvv and more print like -vv. */
  verbose: 0 | 1 | 2;
  /** -e: the link-level header (MACs and EtherType on Ethernet, "ip: " on raw IP). */
  link: boolean;
}

export interface TcpdumpArgs {
  iface?: string;
  style: TcpdumpStyle;
  /** -c N: exit after N packets. */
  count?: number;
  filter: string;
}

const NOT_SIMULATED: Record<string, string> = {
  w: 'use --pcap DIR to write pcap files', r: 'read the file with the real tcpdump', x: 'hex dumps are not produced', X: 'hex dumps are not produced',
  A: 'ASCII dumps are not produced', t: 'timestamps are always printed', q: 'quick output is not produced', D: 'interfaces: exec HOST -- ip -br link',
};

/** Parses what follows `tcpdump` (getopt with GNU permutation, plus --interface=IF). */
export function parseTcpdumpArgs(argv: readonly string[]): TcpdumpArgs {
  const out: TcpdumpArgs = { style: { verbose: 0, link: false }, filter: '' };
  const operands: string[] = [];
  let verbose = 0;
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
      else if (NOT_SIMULATED[c]) throw new ConfigError('tcpdump', `-${c} is not simulated: ${NOT_SIMULATED[c]}`, a);
      else if (!'nNlpUSK#'.includes(c)) throw new ConfigError('tcpdump', `invalid option -- '${c}'`, a);
    }
  }
  out.style.verbose = verbose >= 2 ? 2 : verbose === 1 ? 1 : 0;
  out.filter = operands.join(' ');
  return out;
}

function count(v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || !/^\d+$/.test(v) || n < 1) throw new ConfigError('tcpdump -c', 'must be a packet count ≥ 1', v ?? '');
  return n;
}
