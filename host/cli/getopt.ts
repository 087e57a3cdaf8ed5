// getopt(3) as GNU and busybox's getopt32 do it, for commands typed inside a pod or on a node
// (`ping -c1 IP`, `tcpdump -eni ens160 icmp`, `traceroute -n -q 1 IP`): short options, flags
// bundled (`-Nnnvl`), an option's argument attached (`-c1`) or next (`-c 1`), operands and
// options in any order (GNU argument permutation), `--` ends the options.

import { ConfigError } from '../errors.ts';

export interface Getopt {
  /** Each option letter in the order seen, with its argument (or '' for a flag). */
  opts: { opt: string; arg: string }[];
  operands: string[];
}

/** `spec` as getopt's optstring: letters, `:` after one that takes an argument. */
export function getopt(tool: string, argv: readonly string[], spec: string): Getopt {
  const takes = new Map<string, boolean>();
  for (let i = 0; i < spec.length; i++) if (spec[i] !== ':') takes.set(spec[i], spec[i + 1] === ':');
  const out: Getopt = { opts: [], operands: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.operands.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      out.operands.push(a);
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      const arg = takes.get(c);
      if (arg === undefined) throw new ConfigError(tool, `invalid option -- '${c}'`, a);
      if (!arg) {
        out.opts.push({ opt: c, arg: '' });
        continue;
      }
      const rest = a.slice(k + 1);
      if (rest !== '') out.opts.push({ opt: c, arg: rest });
      else if (i + 1 < argv.length) out.opts.push({ opt: c, arg: argv[++i] });
      else throw new ConfigError(tool, `option requires an argument -- '${c}'`, a);
      break;
    }
  }
  return out;
}
