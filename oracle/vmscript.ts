// The script the VM's init runs (/in/run.sh, busybox sh): helpers, the topology (topology.ts),
// then the scenarios under one tcpdump per compared interface, started once (starting ten
// tcpdumps costs seconds under emulation). Each scenario's start and end are written to
// marks.txt with the realtime clock the capture stamps use (a file's mtime: busybox's date has
// no sub-second format), and the comparison cuts the captures there. Captures go to the VM's
// tmpfs and are copied to the out share at the end (9p writes per packet are slow).

import type { Cluster } from '../host/cluster/types.ts';
import { topologyScript, NETNS } from './topology.ts';
import type { Point } from './points.ts';
import { ntableDumpScript } from './reachable.ts';

export type VmScenario =
  | { kind: 'ping'; name: string; netns: string; argv: string[] }
  /** `tailS`: seconds more to wait after the batch, for the late packets it set off
   *  (scenarios/replay.ts `tailMs`). */
  | { kind: 'replay'; name: string; batches: { netns: string; iface: string; file: string; tailS: number }[] }
  /** Its own shell lines between the marks (scenarios/services.ts); `setup` runs before the
   *  start mark, `flush` says whether the dynamic neighbours are forgotten first. */
  | { kind: 'shell'; name: string; setup: string[]; flush: boolean; lines: string[] };

/** ipfrag_time (30 s) plus the timer wheel's rounding at HZ=250 (up to 2.048 s), rounded up. */
export const FRAG_EXPIRY_S = 33;

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const HELPERS = String.raw`set -u
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
# busybox sh runs its own applets before PATH: iproute2 and tcpdump by their paths
ip() { /sbin/ip "$@"; }
bridge() { /sbin/bridge "$@"; }
x() { "$@" || echo "ORACLE-ERR rc=$?: $*"; }
sc() { ip netns exec "$1" sysctl -q -w "$2=$3" >/dev/null || echo "ORACLE-ERR sysctl $1 $2=$3"; }
# The simulator does not model ICMP rate limiting: switch it off so that every ICMP error the
# kernel owes is sent (icmp_ratelimit is per namespace; icmp_msgs_per_sec/burst, the global
# token bucket of icmp_global_allow, are global in 6.1 and per namespace in later kernels).
icmp_unlimited() {
  sc "$1" net.ipv4.icmp_ratelimit 0
  for k in icmp_msgs_per_sec icmp_msgs_burst; do
    ip netns exec "$1" sh -c "[ -e /proc/sys/net/ipv4/$k ] && echo 1000000000 > /proc/sys/net/ipv4/$k"
  done
}
nodesysctls() {
  sc "$1" net.ipv4.ip_forward 1
  sc "$1" net.ipv4.conf.all.rp_filter 0        # the kernel default; cali devices get 1 (Felix)
  sc "$1" net.ipv4.conf.default.rp_filter 0
  icmp_unlimited "$1"
}
podsysctls() { icmp_unlimited "$1"; }
# ip_error's per-peer limit on the unreachables a router sends for a destination without a
# route (inet_peer rate_tokens: error_burst 5 s, error_cost 1 s per message) outlives the
# flushes between batches, and the simulator does not model it: lift it (global in 6.1)
echo 0 > /proc/sys/net/ipv4/route/error_cost || echo "ORACLE-ERR error_cost"
# Felix endpoint manager, configureInterface: strict rp_filter, route_localnet, proxy_arp
# without delay, forwarding
felix() {
  sc "$1" net.ipv4.conf.$2.rp_filter 1
  sc "$1" net.ipv4.conf.$2.route_localnet 1
  sc "$1" net.ipv4.conf.$2.proxy_arp 1
  sc "$1" net.ipv4.neigh.$2.proxy_delay 0
  sc "$1" net.ipv4.conf.$2.forwarding 1
}
for k in icmp_msgs_per_sec icmp_msgs_burst; do echo 1000000000 > /proc/sys/net/ipv4/$k; done
# ICMP redirects: ip_rt_send_redirect's per-peer limit lives in inet_peer entries that no flush
# forgets, so it would carry from batch to batch while the simulator starts each afresh: lift
# it (global, in jiffies: no back-off, no cap) as oracle/sim.ts ORACLE_REDIRECTS does
echo 0 > /proc/sys/net/ipv4/route/redirect_load || echo "ORACLE-ERR redirect_load"
echo 2147483647 > /proc/sys/net/ipv4/route/redirect_number || echo "ORACLE-ERR redirect_number"
CAPS=""      # "netns:iface:file" words
PIDS=""
cap_start() {  # cap_start DIR
  D=$1; mkdir -p "$D"; PIDS=""
  for c in $CAPS; do
    ns=${"$"}{c%%:*}; r=${"$"}{c#*:}; ifc=${"$"}{r%%:*}; f=${"$"}{r#*:}
    # libpcap sizes an immediate-mode (TPACKET_V2) ring's frames from the MTU on Ethernet
    # devices but from the snapshot length on others: tunl0 at -s 262144 -B 1024 holds four
    # packets, and a burst of five (a nest of IPIP headers, decapsulated one by one) loses the
    # fifth. tunl0 gets 64 KiB frames in a 16 MiB ring (256 packets).
    if [ "$ifc" = tunl0 ]; then opt="-B 16384 -s 65535"; else opt="-B 1024 -s 262144"; fi
    ip netns exec "$ns" /usr/sbin/tcpdump -i "$ifc" -n -U --immediate-mode $opt -Z root -w "$D/$f" 2> "$D/$f.log" &
    PIDS="$PIDS $!"
  done
  i=0
  while [ $i -lt 600 ]; do
    ok=1
    for c in $CAPS; do f=${"$"}{c##*:}; grep -q 'listening on' "$D/$f.log" 2>/dev/null || ok=0; done
    [ $ok = 1 ] && break
    sleep 0.05; i=$((i+1))
  done
  [ $ok = 1 ] || echo "ORACLE-ERR tcpdump did not start in $D"
  sleep 0.2
}
cap_stop() {  # cap_stop DIR OUTDIR
  sleep 0.5
  for p in $PIDS; do kill -TERM $p 2>/dev/null; done
  for p in $PIDS; do wait $p 2>/dev/null; done
  mkdir -p "$2"; cp "$1"/*.pcap "$2"/
  cat "$1"/*.log | grep -v -e 'listening on' -e 'packets captured' -e 'packets received by filter' -e 'packets dropped by kernel' -e '^$' | sed 's/^/tcpdump: /' >> "$2/notes.txt"
  grep -h 'packets dropped by kernel' "$1"/*.log | grep -v '^0 ' | sed 's/^/ORACLE-ERR tcpdump: /'
}
# now: CLOCK_REALTIME with sub-second digits, from a fresh file's mtime
now() { touch /tmp/.now; set -- $(stat -c '%Y %y' /tmp/.now); echo "$1.${"$"}{3#*.}"; }
mark() { echo "$1 $2 $(now)" >> /tmp/cap/all/marks.txt; }
`;

export function vmScript(cluster: Cluster, points: Point[], scenarios: VmScenario[]): string {
  const L: string[] = [HELPERS, topologyScript(cluster), ntableDumpScript(cluster)];
  const caps = points.map((p) => `${p.netns}:${p.iface}:${p.file}`).join(' ');
  L.push(`CAPS=${q(caps)}`);
  const flush: string[] = [];
  for (const p of cluster.pods) flush.push(`ip -n ${NETNS.pod(p)} neigh flush all; ip -n ${NETNS.pod(p)} route flush cache`);
  for (const n of cluster.nodes) flush.push(`ip -n ${NETNS.node(n)} neigh flush dev ${n.spec.iface}; ip -n ${NETNS.node(n)} route flush cache`);
  for (const r of cluster.routers) flush.push(`ip -n ${NETNS.node(r)} neigh flush all; ip -n ${NETNS.node(r)} route flush cache`);
  // Each scenario (and each replay batch) starts with the dynamic neighbours and the route
  // cache (PMTU exceptions) forgotten, as the simulator starts from a fresh cluster; the
  // permanent entries (Felix's, the gateway's) stay.
  // The hosts' uplinks are flushed twice: a host still holding a peer in DELAY from the last
  // scenario probes it 5 s after use (neigh_timer_handler → arp_solicit), and a probe that lands
  // between the flush of the peer and its own teaches the peer the prober again
  // (arp_process → neigh_event_ns). After the first pass no host holds an entry that could
  // probe, so the second leaves every table empty (a probe reply finds no entry: arp_accept=0).
  const uplinks = [...cluster.nodes.map((n) => `ip -n ${NETNS.node(n)} neigh flush dev ${n.spec.iface}`),
    ...cluster.routers.map((r) => `ip -n ${NETNS.node(r)} neigh flush all`)];
  L.push(`flush_state() {\n  ${[...flush, ...uplinks].join('\n  ')}\n}`);
  L.push('mkdir -p /out/kernel');
  L.push('for ns in $(ip netns list | cut -d" " -f1); do echo "######## $ns"; ip -n $ns -d link; ip -n $ns addr; ip -n $ns route; ip -n $ns neigh; done > /out/kernel/setup-state.txt 2>&1');
  L.push('echo "ORACLE: setup done at $(cut -d" " -f1 /proc/uptime)"');
  L.push('sleep 1');
  L.push('cap_start /tmp/cap/all');
  scenarios.forEach((s, i) => {
    L.push(`echo "ORACLE: scenario ${s.name} at $(cut -d" " -f1 /proc/uptime)"`);
    // the devices' reachable_time as the scenario starts (oracle/reachable.ts)
    L.push(`ntable_dump /tmp/cap/all/ntable.${s.name}.txt`);
    if (s.kind === 'ping') {
      L.push('flush_state');
      L.push(`mark ${s.name} start`);
      L.push(`ip netns exec ${s.netns} ${s.argv.map(q).join(' ')} > /tmp/cap/all/${s.name}.ping.txt 2>&1; echo "rc=$?" >> /tmp/cap/all/${s.name}.ping.txt`);
      // what the ping set off lands before the mark (busybox stops at the last reply)
      L.push('sleep 0.5');
      L.push(`mark ${s.name} end`);
    } else if (s.kind === 'shell') {
      L.push(...s.setup);
      if (s.flush) L.push('flush_state');
      L.push(`mark ${s.name} start`);
      L.push(...s.lines);
      L.push(`mark ${s.name} end`);
    } else {
      L.push(`mark ${s.name} start`);
      s.batches.forEach((b, k) => {
        const play = `ip netns exec ${b.netns} /usr/bin/tcpreplay -q -i ${b.iface} /in/${b.file} >> /tmp/cap/all/${s.name}.tcpreplay.txt 2>&1 || echo "ORACLE-ERR tcpreplay ${b.file}"`;
        // a tail: the reachable_time its late packets meet (the 300 s redraw may have come)
        // each batch's beginning is marked: where its first frame is looked for (compare.py)
        const begin = `mark ${s.name}.b${k} start`;
        L.push(b.tailS > 0
          ? `flush_state; ${begin}; ${play}; ntable_dump /tmp/cap/all/ntable.${s.name}.b${k}.txt; sleep ${(0.3 + b.tailS).toFixed(1)}`
          : `flush_state; ${begin}; ${play}; sleep 0.3`);
      });
      L.push(`mark ${s.name} end`);
      // Incomplete datagrams the replay left in the hosts' reassembly queues expire 30 s after
      // their first fragment (ipfrag_time; ip_expire sends 11/1, the timer wheel rounds up by
      // up to 2.048 s) and no command empties the queues: let them expire before the next
      // scenario's window opens, so they are not counted as that scenario's frames.
      if (i < scenarios.length - 1) L.push(`sleep ${FRAG_EXPIRY_S}`);
    }
  });
  L.push('cap_stop /tmp/cap/all /out/kernel; cp /tmp/cap/all/*.txt /out/kernel/');
  L.push('echo "ORACLE: scenarios done at $(cut -d" " -f1 /proc/uptime)"');
  return L.join('\n') + '\n';
}
