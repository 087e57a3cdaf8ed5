// What the ipvsadm tests compare against the kernel's listings: the fixture text, and a listing
// masked as the oracle masks it (the seconds left, as the VM's clock is not the simulation's;
// ephemeral ports, all but the cluster's Service ports and those under 1024) with its
// connection lines as a sorted set (the kernel lists its hash table's order).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Cluster } from '../../host/cluster/types.ts';

export const kernelFixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/oracle/${name}`, import.meta.url)), 'utf8');

/** `ipvsadm -Lnc` text → title, header, masked rows sorted. */
export function maskedListing(cluster: Cluster): (text: string) => string[] {
  const fixed = new Set(cluster.services.flatMap((s) => s.ports.flatMap((p) => [p.port, p.targetPort, ...(p.nodePort !== null ? [p.nodePort] : [])])));
  return (text) => {
    const [title, head, ...rows] = text.trimEnd().split('\n');
    const m = rows.map((r) => r.replace(/^(\S+) \d\d:\d\d /, '$1 --:-- ').replace(/:(\d+)(?= |$)/g, (all, p: string) => (fixed.has(Number(p)) || Number(p) < 1024 ? all : ':P')).replace(/ +/g, ' '));
    return [title, head, ...m.sort()];
  };
}
