// A session that outlives one CLI process. `--state FILE` keeps a journal of the commands
// that changed simulated state (pings, sleeps). The simulation is deterministic, so replaying
// the journal at the next invocation rebuilds exactly the same clock, ARP caches, IP ID
// counters and busybox pids before the new command runs: `ping` in one process and
// `exec <pod> -- arp -n` in the next show what a real pod would, with no snapshot format to
// keep in step with the simulator's internals.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Cluster } from '../cluster/types.ts';
import { ConfigError } from '../errors.ts';
import type { TracerouteOptions } from '../pod/traceroute.ts';
import { SimSession, type PingArgs } from './session.ts';
import type { ForwardingEngineName } from '../engine/engine.ts';
import type { NeighbourStart } from '../dataplane/options.ts';

export type JournalEntry =
  | { cmd: 'ping'; args: PingArgs }
  | { cmd: 'sleep'; seconds: number }
  | { cmd: 'traceroute'; pod: string; host: string; opts: Omit<TracerouteOptions, 'sourcePort'> }
  | { cmd: 'client'; pod: string; argv: string[] };

/** The global flags a journal is recorded with; replaying under others would diverge. */
export interface JournalOptions {
  ipvs?: { masqueradeAll?: boolean };
  neighbours?: NeighbourStart;
}

interface StateFile {
  version: 1;
  /** The `--cluster` file the journal was recorded on (null: the built-in seed cluster). */
  cluster: string | null;
  /** Recorded with --masquerade-all (absent: without). */
  masqueradeAll?: boolean;
  /** Recorded with --neighbours (absent: the default, reachable). */
  neighbours?: NeighbourStart;
  entries: JournalEntry[];
}

const silent = { out: () => {}, err: () => {} };

export class JournaledSession {
  readonly session: SimSession;
  private readonly state: StateFile;

  private constructor(session: SimSession, state: StateFile, private readonly path: string) {
    this.session = session;
    this.state = state;
  }

  /** Opens (or starts) the journal at `path` and replays it on a fresh simulation of `cluster`. */
  static open(path: string, cluster: Cluster, clusterFile: string | null, engine: ForwardingEngineName, opts: JournalOptions = {}): JournaledSession {
    const masqueradeAll = opts.ipvs?.masqueradeAll ?? false;
    const neighbours = opts.neighbours ?? 'reachable';
    if (!existsSync(path) && !(existsSync(dirname(resolve(path))) && statSync(dirname(resolve(path))).isDirectory())) {
      // fail before the command runs, not after it printed
      throw new ConfigError('--state', `cannot create the state file: no directory ${dirname(resolve(path))}`, path);
    }
    const state: StateFile = existsSync(path) ? readState(path) : { version: 1 as const, cluster: clusterFile, entries: [], ...(masqueradeAll ? { masqueradeAll } : {}), ...(neighbours !== 'reachable' ? { neighbours } : {}) };
    if (state.cluster !== clusterFile) {
      throw new ConfigError('--state', `was recorded with --cluster ${state.cluster ?? '(built-in seed cluster)'}; use another state file`, path);
    }
    if ((state.masqueradeAll ?? false) !== masqueradeAll) {
      throw new ConfigError('--state', `was recorded ${masqueradeAll ? 'without' : 'with'} --masquerade-all; use another state file`, path);
    }
    if ((state.neighbours ?? 'reachable') !== neighbours) {
      throw new ConfigError('--state', `was recorded with --neighbours ${state.neighbours ?? 'reachable'}; use another state file`, path);
    }
    const session = new SimSession(cluster, { engine, ipvs: { masqueradeAll }, neighbours });
    for (const e of state.entries) {
      if (e.cmd === 'ping') session.ping(e.args, silent);
      else if (e.cmd === 'traceroute') session.traceroute(e.pod, e.host, e.opts, silent);
      else if (e.cmd === 'client') session.client(e.pod, e.argv, silent);
      else session.sleep(e.seconds);
    }
    return new JournaledSession(session, state, path);
  }

  ping(args: PingArgs, io: { out(t: string): void; err(t: string): void }): number {
    const code = this.session.ping(args, io);
    // Captures are output, not state: a replay must not print or write files again.
    const { tcpdump: _t, pcap: _p, filter: _f, ...quiet } = args;
    this.append({ cmd: 'ping', args: quiet });
    return code;
  }

  traceroute(pod: string, host: string, opts: Omit<TracerouteOptions, 'sourcePort'>, io: { out(t: string): void; err(t: string): void }): number {
    const code = this.session.traceroute(pod, host, opts, io);
    this.append({ cmd: 'traceroute', pod, host, opts });
    return code;
  }

  /** wget / nc (their connections change conntrack and the rr cursors: state). */
  client(pod: string, argv: readonly string[], io: { out(t: string): void; err(t: string): void }): number {
    const code = this.session.client(pod, argv, io);
    this.append({ cmd: 'client', pod, argv: [...argv] });
    return code;
  }

  sleep(seconds: number, typed: unknown = seconds): void {
    this.session.sleep(seconds, typed);
    this.append({ cmd: 'sleep', seconds });
  }

  private append(e: JournalEntry): void {
    this.state.entries.push(e);
    try {
      writeFileSync(this.path, JSON.stringify(this.state, null, 1) + '\n');
    } catch (err) {
      throw new ConfigError('--state', `cannot write the state file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, this.path);
    }
  }
}

function readState(path: string): StateFile {
  let s: unknown;
  try {
    s = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError('--state', `is not a state file written by calico-ipip-sim (${(e as Error).message.split("\n")[0]})`, path);
  }
  const f = s as Partial<StateFile>;
  if (typeof f !== 'object' || f === null || f.version !== 1 || !Array.isArray(f.entries) || (f.cluster !== null && typeof f.cluster !== 'string')) {
    throw new ConfigError('--state', 'is not a version 1 state file written by calico-ipip-sim', path);
  }
  for (const [i, e] of f.entries.entries()) {
    const ok = (e?.cmd === 'ping' && typeof e.args === 'object') || (e?.cmd === 'sleep' && Number.isFinite(e.seconds)) ||
      (e?.cmd === 'traceroute' && typeof e.pod === 'string' && typeof e.host === 'string' && typeof e.opts === 'object') ||
      (e?.cmd === 'client' && typeof e.pod === 'string' && Array.isArray(e.argv) && e.argv.every((a: unknown) => typeof a === 'string'));
    if (!ok) throw new ConfigError(`--state entries[${i}]`, 'is not a ping, traceroute, client or sleep record', JSON.stringify(e));
  }
  return f as StateFile;
}
