// What every subcommand needs: where to write, and the cluster selected by `--cluster FILE`
// (default: the seed's cluster). Commands write through `Io` so tests can run them in-process.

import { processIo, type Io } from '../io.ts';
import type { Command } from 'commander';
import { buildCluster, defaultClusterSpec, loadClusterFile } from '../cluster/index.ts';
import type { Cluster } from '../cluster/types.ts';
import { JournaledSession } from '../session/journal.ts';
import type { ForwardingEngineName } from '../engine/engine.ts';
import type { NeighbourStart } from '../dataplane/options.ts';

/** Options the global flags select for every simulation a command starts. */
export interface GlobalSimOptions {
  ipvs: { masqueradeAll: boolean };
  neighbours: NeighbourStart;
}

/** Reads the global `--cluster` option of `cmd` (any depth) and builds that cluster; warnings about
 *  unsupported manifest fields go to `io` (so in-process runs capture them). Throws ConfigError. */
export function clusterOf(cmd: Command, io: Io = processIo): Cluster {
  const file = (cmd.optsWithGlobals() as { cluster?: string }).cluster;
  const warn = (line: string): void => io.err(`warning: ${line}\n`);
  return buildCluster(file === undefined ? defaultClusterSpec() : loadClusterFile(file, warn));
}

/** The simulation options the global flags select: kube-proxy's `--masquerade-all`, and how
 *  the nodes' uplink neighbour tables start (`--neighbours`, default `reachable`: a node that
 *  has been talking to its peers, as the seed's 1.6 ms first ping shows). */
export function simOptionsOf(cmd: Command): GlobalSimOptions {
  const o = cmd.optsWithGlobals() as { masqueradeAll?: boolean; neighbours?: NeighbourStart };
  return { ipvs: { masqueradeAll: o.masqueradeAll === true }, neighbours: o.neighbours ?? 'reachable' };
}

/** The journaled session selected by the global `--state FILE`, or null without it. */
export function stateOf(cmd: Command, engine: ForwardingEngineName = 'wasm', io: Io = processIo): JournaledSession | null {
  const o = cmd.optsWithGlobals() as { cluster?: string; state?: string };
  if (o.state === undefined) return null;
  return JournaledSession.open(o.state, clusterOf(cmd, io), o.cluster ?? null, engine, simOptionsOf(cmd));
}

/** Exit status a command asks for (commander action handlers cannot return one). */
export class ExitStatus {
  code = 0;
}
