// Fault injection for the worker-death path (hidden option `--fault-node N[:exit]` of both
// `npm run bench` and `calico-ipip-sim bench`): the worker owning node N throws while stepping
// it, or with `:exit` its thread exits, and the run must stop with exit 1 naming both.
import { Option, type Command } from 'commander';
import { ConfigError } from '../host/errors.ts';

/** A failure to inject: node index (-1: none), and exit instead of throw. */
export interface Fault {
  node: number;
  exit: boolean;
}

export function addFaultOption(cmd: Command): void {
  cmd.addOption(new Option('--fault-node <n[:exit]>', 'inject a worker failure (throw, or thread exit) at node index N').hideHelp());
}

export function faultOf(raw: { faultNode?: string }): Fault {
  const m = raw.faultNode === undefined ? null : /^(\d+)(:exit)?$/.exec(raw.faultNode);
  if (raw.faultNode !== undefined && !m) throw new ConfigError('--fault-node', 'must be N or N:exit', raw.faultNode);
  return m ? { node: Number(m[1]), exit: m[2] !== undefined } : { node: -1, exit: false };
}
