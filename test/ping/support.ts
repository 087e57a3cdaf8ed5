// Helpers for the ping tests: run a ping in a session and split what it printed into the
// ping's own output and each capture point's tcpdump lines.

import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import type { Cluster } from '../../host/cluster/types.ts';
import { SimSession, type PingArgs } from '../../host/session/session.ts';
import type { SimOptions } from '../../host/sim/options.ts';

export const BUSYBOX_M1 = 'busybox-77649b9c55-r6bx9'; // 172.16.196.1 on k8s-master-1
export const BUSYBOX_N1 = 'busybox-77649b9c55-7d27b'; // 172.16.109.65 on k8s-node-1
export const COREDNS = 'coredns-7c445fd599-glfl5'; // 172.16.196.2 on k8s-master-1
export const CALI_M1 = 'k8s-master-1:cali12242800409';
export const TUNL_M1 = 'k8s-master-1:tunl0';
export const ENS_M1 = 'k8s-master-1:ens160';

export interface PingRun {
  code: number;
  /** busybox's stdout (tcpdump lines removed). */
  out: string;
  err: string;
  /** tcpdump lines per capture label, in print order. */
  taps: Map<string, string[]>;
  /** Everything printed on stdout, in order. */
  all: string;
}

export function seedCluster(): Cluster {
  return buildCluster(defaultClusterSpec());
}

export function session(opts: SimOptions = {}, cluster: Cluster = seedCluster()): SimSession {
  return new SimSession(cluster, opts);
}

/** Runs `a` in `s`; capture labels are `host:iface` as given in a.tcpdump. */
export function ping(s: SimSession, a: PingArgs): PingRun {
  let all = '';
  let err = '';
  const code = s.ping(a, { out: (t) => (all += t), err: (t) => (err += t) });
  const labels = a.tcpdump ?? [];
  const taps = new Map<string, string[]>(labels.map((l) => [l, []]));
  let out = '';
  let current: string | null = null; // a continuation line belongs to the last packet's tap
  for (const line of all.split('\n').slice(0, -1)) {
    const m = /^\[([^\]]+)\] (.*)$/.exec(line);
    if (labels.length > 1 && m && taps.has(m[1])) {
      taps.get(m[1])!.push(m[2]);
      continue;
    }
    if (labels.length === 1 && (/^\d\d:\d\d:\d\d\.\d{6} /.test(line) || (current !== null && /^(    |\t)/.test(line)))) {
      current = labels[0];
      taps.get(current)!.push(line);
      continue;
    }
    current = null;
    out += `${line}\n`;
  }
  return { code, out, err, taps, all };
}

export const afterStamp = (l: string): string => l.replace(/^\d\d:\d\d:\d\d\.\d{6} /, '');

/** Options that make the simulated hosts use the seed's IP ID counters for one capture block. */
export function seedIds(ids: { m1Pod: number; n1Pod: number; m1Node?: number; n1Node?: number }): SimOptions {
  return {
    podIpIdStart: (k) => (k === `devops/${BUSYBOX_M1}` ? ids.m1Pod : k === `devops/${BUSYBOX_N1}` ? ids.n1Pod : undefined),
    nodeIpIdStart: (n) => (n === 'k8s-master-1' ? ids.m1Node : n === 'k8s-node-1' ? ids.n1Node : undefined),
  };
}
