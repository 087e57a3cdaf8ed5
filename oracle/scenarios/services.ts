// Service scenarios: kube-proxy's IPVS mode in the VM and the same requests in the simulator.
//
// The VM side (servicesSetup): what kube-proxy programs on each node, from the same model
// (host/cluster/kubeProxy.ts nodeVirtualServers):
//   - the modules (ip_vs, ip_vs_rr, nf_conntrack, nftables' NAT) and the sysctls kube-proxy sets
//     in IPVS mode (proxier.go NewProxier: net.ipv4.vs.conntrack=1, expire_nodest_conn=1,
//     expire_quiescent_template=1; conn_reuse_mode is left at 1 on kernels ≥ 5.9);
//   - `ipvsadm -A` per virtual server (rr; `-p TIMEOUT` for sessionAffinity ClientIP, whose
//     netmask is ipvsadm's default /32) and `ipvsadm -a … -m -w 1` per real server, added in
//     reverse list order (__ip_vs_update_dest puts a new one at the head: the model's order);
//   - its iptables rules, written for nftables with the same effect: node-port traffic marked
//     0x4000 (KUBE-NODE-PORT → KUBE-MARK-MASQ), the marked connections masqueraded with
//     random-fully (KUBE-POSTROUTING), the hairpin of a pod through its own Service masqueraded
//     (KUBE-LOOP-BACK), every ClusterIP connection marked with --masquerade-all (KUBE-CLUSTER-IP);
//   - the backends' HTTP responder (host/pod/http.ts serveHttp) as busybox `nc -ll -e` running a
//     script that reads the request and writes the same response in one write;
//   - the external client (host/sim/externalHost.ts): a namespace on the node's segment with the
//     simulator's client's address and MAC.
// The scenarios run after the pings and the replay, in one capture session, without flushing
// between them: IPVS's rr cursors and conntrack carry over from one request to the next, as the
// simulator's one session keeps them (SimSession).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster, Pod } from '../../host/cluster/types.ts';
import { nodePortAddresses, nodeVirtualServers } from '../../host/cluster/kubeProxy.ts';
import { externalClientOf } from '../../host/sim/externalHost.ts';
import { formatIp4, parseMac } from '../../host/net/addr.ts';
import { ethFrame, ETHERTYPE_IPV4 } from '../../host/net/ethernet.ts';
import { IPPROTO_UDP, IPV4_DF, ipv4PacketWithOptions } from '../../host/net/ipv4.ts';
import { udpDatagram } from '../../host/net/udp.ts';
import { HOST_VETH_MAC } from '../../host/cluster/names.ts';
import { ipv4 } from '../../host/fuzz/frames.ts';
import { parseHttpUrl } from '../../host/pod/http.ts';
import { PcapFileWriter } from '../../host/capture/pcapFile.ts';
import { SimSession } from '../../host/session/session.ts';
import { Captures } from '../../host/session/taps.ts';
import { NS_PER_MS } from '../../host/sim/clock.ts';
import type { SimOptions } from '../../host/sim/options.ts';
import type { ForwardingEngineName as EngineName } from '../../host/engine/engine.ts';
import { NETNS } from '../topology.ts';

export type ServiceAction =
  | { kind: 'wget'; from: Pod | 'external'; url: string }
  | { kind: 'udp'; from: Pod; dst: number; dport: number; sport: number; ttl: number; data: number; options?: number[] };

export interface ServiceScenario {
  kind: 'service';
  name: string;
  what: string;
  action: ServiceAction;
}

/** The external client's namespace in the VM. */
const EXT_NS = 'ext0';
/** What follows a request in the VM before its end mark (the FIN exchange, the ICMP errors). */
const SETTLE_S = 1;

const podKey = (p: Pod): string => `${p.namespace}/${p.name}`;

/** The Service scenarios of a cluster: wget to a TCP ClusterIP twice (rr: the two backends),
 *  NodePort from the external client, wget twice to a sessionAffinity ClientIP Service with two
 *  backends or more (the same backend: its template), wget to a TCP ClusterIP without
 *  endpoints, UDP to a UDP ClusterIP (from both nodes, and with TTL 1). */
export function serviceScenarios(cluster: Cluster): ServiceScenario[] {
  const out: ServiceScenario[] = [];
  const served = cluster.services.flatMap((s) => s.ports.filter((p) => p.protocol === 'TCP' && (p.targetPort === 80 || p.targetPort === 8080) && s.endpoints.length > 0).map((p) => ({ s, p })));
  const http = served.filter((x) => x.s.affinityTimeoutSeconds === null);
  const sticky = served.find((x) => x.s.affinityTimeoutSeconds !== null && x.s.endpoints.length > 1);
  const first = http[0];
  // the first node's busybox pod (the seed's k8s-master-1), else any busybox pod
  const client: Pod | undefined = cluster.pods.find((q) => q.tools === 'busybox' && q.nodeIndex === 0) ?? cluster.pods.find((q) => q.tools === 'busybox');
  if (first) {
    if (client) {
      const url = `http://${formatIp4(first.s.clusterIP)}:${first.p.port}/`;
      const n = Math.min(Math.max(first.s.endpoints.length, 2), 4);
      for (let i = 1; i <= n; i++) out.push({ kind: 'service', name: `svc-wget-${i}`, what: `wget ${url} from ${client.name} (request ${i}: rr)`, action: { kind: 'wget', from: client, url } });
    }
    const np = http.find((x) => x.p.nodePort !== null);
    if (np) {
      const node = cluster.nodes[0];
      const url = `http://${formatIp4(node.ip)}:${np.p.nodePort}/`;
      out.push({ kind: 'service', name: 'svc-nodeport', what: `wget ${url} from the external client on ${node.spec.name}'s subnet (masquerade)`, action: { kind: 'wget', from: 'external', url } });
    }
  }
  if (sticky && client) {
    const url = `http://${formatIp4(sticky.s.clusterIP)}:${sticky.p.port}/`;
    for (let i = 1; i <= 2; i++) out.push({ kind: 'service', name: `svc-affinity-${i}`, what: `wget ${url} from ${client.name} (sessionAffinity ClientIP, request ${i}: its template's backend)`, action: { kind: 'wget', from: client, url } });
  }
  // a TCP Service without endpoints: ip_vs_leave answers the SYN with ICMP port unreachable
  // from the ClusterIP, and tcp_v4_err fails the connect() with ECONNREFUSED
  const empty = cluster.services.flatMap((s) => s.ports.filter((p) => p.protocol === 'TCP' && s.endpoints.length === 0).map((p) => ({ s, p })))[0];
  if (empty && client) {
    const url = `http://${formatIp4(empty.s.clusterIP)}:${empty.p.port}/`;
    out.push({ kind: 'service', name: 'svc-no-endpoints', what: `wget ${url} from ${client.name} (no endpoints: port unreachable, connection refused)`, action: { kind: 'wget', from: client, url } });
  }
  const udp = cluster.services.flatMap((s) => s.ports.filter((p) => p.protocol === 'UDP' && s.endpoints.length > 0).map((p) => ({ s, p })))[0];
  if (udp) {
    const backendNode = udp.s.endpoints[0].nodeIndex;
    const local = client;
    const remote = cluster.pods.find((q) => q.tools === 'busybox' && q.nodeIndex !== backendNode);
    const dst = udp.s.clusterIP;
    const vip = `${formatIp4(dst)}:${udp.p.port}`;
    if (local) out.push({ kind: 'service', name: 'svc-udp', what: `UDP to ${vip} from ${local.name} (no listener: port unreachable, translated back)`, action: { kind: 'udp', from: local, dst, dport: udp.p.port, sport: 41000, ttl: 64, data: 32 } });
    if (remote && remote !== local) {
      out.push({ kind: 'service', name: 'svc-udp-remote', what: `UDP to ${vip} from ${remote.name} (backend on another node)`, action: { kind: 'udp', from: remote, dst, dport: udp.p.port, sport: 41001, ttl: 64, data: 32 } });
      out.push({ kind: 'service', name: 'svc-udp-ttl1', what: `UDP to ${vip} from ${remote.name} with TTL 1 (time exceeded after the translation)`, action: { kind: 'udp', from: remote, dst, dport: udp.p.port, sport: 41002, ttl: 1, data: 32 } });
    }
    // options: ip_rcv_options compiles them on the ClusterIP's local route before IPVS's
    // LOCAL_IN hook, and ip_vs_nat_xmit sends the request on without ip_forward_options
    const rr = [7, 15, 4, ...new Array(13).fill(0)];
    const withOpts = (name: string, what: string, from: Pod, sport: number, ttl: number, options: number[]): void =>
      void out.push({ kind: 'service', name, what: `UDP to ${vip} from ${from.name} ${what}`, action: { kind: 'udp', from, dst, dport: udp.p.port, sport, ttl, data: 32, options } });
    if (local) {
      withOpts('svc-udp-rr', 'with record route (the ClusterIP in the first slot)', local, 41003, 64, rr);
      withOpts('svc-udp-ts', 'with a timestamp option', local, 41004, 64, [68, 12, 5, 0, ...new Array(8).fill(0)]);
      withOpts('svc-udp-badopt', 'with a malformed option (12/0 before IPVS)', local, 41005, 64, [7, 1, 0, 0]);
    }
    if (remote && remote !== local) withOpts('svc-udp-ttl1-rr', 'with TTL 1 and record route (11/0 echoes it)', remote, 41006, 1, rr);
  }
  return out;
}

/** The frame a `udp` action sends from its pod's eth0. */
export function udpFrame(a: Extract<ServiceAction, { kind: 'udp' }>): Uint8Array {
  const data = Uint8Array.from({ length: a.data }, (_, i) => 0x61 + (i % 26));
  const dg = udpDatagram(a.sport, a.dport, data, { src: a.from.ip, dst: a.dst });
  const ip = a.options
    ? ipv4PacketWithOptions({ tos: 0, id: 0x2345, flagsFrag: IPV4_DF, ttl: a.ttl, proto: IPPROTO_UDP, src: a.from.ip, dst: a.dst }, Uint8Array.from(a.options), dg)
    : ipv4({ src: a.from.ip, dst: a.dst, proto: IPPROTO_UDP, ttl: a.ttl, id: 0x2345 }, dg);
  return ethFrame(parseMac(HOST_VETH_MAC)!, parseMac(a.from.mac)!, ETHERTYPE_IPV4, ip);
}

/** The HTTP response of host/pod/http.ts serveHttp, byte for byte. */
const httpResponse = (pod: Pod): string => {
  const body = `${pod.name}\n`;
  return `HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
};

/** The pods that answer HTTP, with their ports (as host/sim/simulation.ts starts serveHttp). */
function httpBackends(cluster: Cluster): { pod: Pod; port: number }[] {
  const out: { pod: Pod; port: number }[] = [];
  for (const s of cluster.services) {
    for (const p of s.ports) {
      if (p.protocol !== 'TCP' || (p.targetPort !== 80 && p.targetPort !== 8080)) continue;
      for (const e of s.endpoints) if (e.pod && !out.some((x) => x.pod === e.pod && x.port === p.targetPort)) out.push({ pod: e.pod, port: p.targetPort });
    }
  }
  return out;
}

/** Files the VM reads from /in/services: responder scripts, nft rulesets, the UDP frames. */
export function serviceFiles(cluster: Cluster, scenarios: ServiceScenario[], inDir: string, opts: { masqueradeAll: boolean }): void {
  const dir = join(inDir, 'services');
  mkdirSync(dir, { recursive: true });
  for (const b of httpBackends(cluster)) {
    writeFileSync(join(dir, `resp-${b.pod.name}.txt`), httpResponse(b.pod));
    // read the request up to its empty line, then one write (cat), then exit: close → FIN
    writeFileSync(join(dir, `httpd-${b.pod.name}.sh`), `#!/bin/sh\nwhile read -r l; do l=\${l%$(printf '\\r')}; [ -z "$l" ] && break; done\ncat /in/services/resp-${b.pod.name}.txt\n`, { mode: 0o755 });
  }
  for (const n of cluster.nodes) writeFileSync(join(dir, `${NETNS.node(n)}.nft`), nftRules(cluster, n.index, opts));
  for (const s of scenarios) {
    if (s.action.kind === 'wget') writeFileSync(join(dir, `req-${s.name}.txt`), wgetRequest(s.action.url));
    if (s.action.kind !== 'udp') continue;
    const w = new PcapFileWriter('ether', { path: join(dir, `${s.name}.pcap`) });
    w.write(0n, udpFrame(s.action));
    w.close();
  }
}

/** kube-proxy's nat rules (proxier.go writeIptablesRules) for node `ni`, as an nft ruleset. */
function nftRules(cluster: Cluster, ni: number, opts: { masqueradeAll: boolean }): string {
  const node = cluster.nodes[ni];
  const addrs = nodePortAddresses(node).map(formatIp4).join(', ');
  const mark: string[] = [];
  for (const s of cluster.services) {
    for (const p of s.ports) {
      const l4 = p.protocol === 'TCP' ? 'tcp' : 'udp';
      if (p.nodePort !== null) mark.push(`    ip daddr { ${addrs} } ${l4} dport ${p.nodePort} meta mark set meta mark or 0x4000`);
      if (opts.masqueradeAll) mark.push(`    ip daddr ${formatIp4(s.clusterIP)} ${l4} dport ${p.port} meta mark set meta mark or 0x4000`);
    }
  }
  const loop: string[] = [];
  for (const s of cluster.services) {
    for (const p of s.ports) {
      for (const e of s.endpoints) {
        if (e.nodeIndex !== ni || !e.pod) continue;
        const ip = formatIp4(e.ip);
        loop.push(`    ip daddr ${ip} ${p.protocol === 'TCP' ? 'tcp' : 'udp'} dport ${p.targetPort} ip saddr ${ip} masquerade`);
      }
    }
  }
  return [
    'table ip kube-proxy {',
    '  chain prerouting {',
    '    type nat hook prerouting priority -100; policy accept;',
    ...mark,
    '  }',
    '  chain output {',
    '    type nat hook output priority -100; policy accept;',
    ...mark,
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority 100; policy accept;',
    ...loop,
    '    meta mark and 0x4000 == 0x4000 meta mark set meta mark xor 0x4000 masquerade fully-random',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Shell lines (vmscript.ts helpers) that turn the built cluster into kube-proxy IPVS nodes. */
export function servicesSetup(cluster: Cluster, opts: { masqueradeAll: boolean }): string[] {
  const L: string[] = [];
  L.push('# ---- Services: kube-proxy in IPVS mode (oracle/scenarios/services.ts)');
  L.push('for m in $(cat /lib/modules/order.services); do insmod /lib/modules/$m.ko || echo "ORACLE-ERR insmod $m"; done');
  for (const n of cluster.nodes) {
    const ns = NETNS.node(n);
    L.push(`sc ${ns} net.ipv4.vs.conntrack 1`);
    L.push(`sc ${ns} net.ipv4.vs.expire_nodest_conn 1`);
    L.push(`sc ${ns} net.ipv4.vs.expire_quiescent_template 1`);
    for (const v of nodeVirtualServers(cluster, n, opts)) {
      const flag = v.protocol === 'TCP' ? '-t' : '-u';
      const vip = `${formatIp4(v.ip)}:${v.port}`;
      const persistent = v.persistence ? ` -p ${v.persistence.timeoutSeconds}${v.persistence.netmask === 0xffffffff ? '' : ` -M ${formatIp4(v.persistence.netmask)}`}` : '';
      L.push(`x ip netns exec ${ns} /usr/sbin/ipvsadm -A ${flag} ${vip} -s rr${persistent}`);
      for (const d of [...v.dests].reverse()) L.push(`x ip netns exec ${ns} /usr/sbin/ipvsadm -a ${flag} ${vip} -r ${formatIp4(d.ip)}:${d.port} -m -w 1`);
    }
    L.push(`x ip netns exec ${ns} /usr/sbin/nft -f /in/services/${ns}.nft`);
    L.push(`ip netns exec ${ns} /usr/sbin/ipvsadm -Ln > /tmp/cap/all/ipvsadm-${ns}.txt 2>&1`);
  }
  // tcp_rmem's maximum as tcp_init sets it on a host with 1 GB or more (6 MB: window scale 7);
  // the VM's 512 MB would give less (window scale 6)
  for (const p of cluster.pods) L.push(`ip netns exec ${NETNS.pod(p)} sh -c 'echo "4096 131072 6291456" > /proc/sys/net/ipv4/tcp_rmem'`);
  for (const b of httpBackends(cluster)) {
    L.push(`ip netns exec ${NETNS.pod(b.pod)} nc -ll -p ${b.port} -e /in/services/httpd-${b.pod.name}.sh > /dev/null 2>&1 &`);
  }
  // the external client on the first node's segment, where the simulator puts it (the
  // gateway's address, or the highest free one when a cluster router has that)
  const node = cluster.nodes[0];
  const up = node.uplinks[0];
  if (up) {
    const seg = cluster.segments[up.segment];
    const client = externalClientOf(node, up.mtu, new Set(seg?.members.map((m) => m.ip) ?? [node.ip]));
    const mac = client.mac;
    const lan = NETNS.lan(up.segment);
    const port = 'uext';
    L.push(`x ip netns add ${EXT_NS}`);
    L.push(`icmp_unlimited ${EXT_NS}`);
    L.push(`x ip link add ${port} netns ${lan} mtu ${up.mtu} type veth peer name eth0 netns ${EXT_NS} address ${mac} mtu ${up.mtu}`);
    L.push(`x ip -n ${lan} link set ${port} master br0`);
    L.push(`x bridge -n ${lan} link set dev ${port} flood off`);
    L.push(`x bridge -n ${lan} fdb add ${mac} dev ${port} master static`);
    L.push(`x ip -n ${lan} link set ${port} up`);
    L.push(`x ip -n ${EXT_NS} link set lo up`);
    L.push(`x ip -n ${EXT_NS} addr add ${formatIp4(client.ip)}/${node.spec.prefixLen} dev eth0`);
    L.push(`x ip -n ${EXT_NS} link set eth0 up`);
    L.push(`ip netns exec ${EXT_NS} sh -c 'echo "4096 131072 6291456" > /proc/sys/net/ipv4/tcp_rmem'`);
  }
  L.push('sleep 1');
  return L;
}

const ns = (from: Pod | 'external'): string => (from === 'external' ? EXT_NS : NETNS.pod(from));

/** busybox wget's request (host/pod/http.ts BusyboxWget). */
export function wgetRequest(url: string): string {
  const u = parseHttpUrl(url)!;
  return `GET ${u.path} HTTP/1.1\r\nHost: ${u.hostText}\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n`;
}

/** Each node's conntrack and IPVS connection tables after a scenario (NAME.n<k>.conntrack.txt,
 *  NAME.n<k>.ipvsadm-lnc.txt), as `exec NODE -- conntrack -L` and `ipvsadm -Lnc` show them. */
function tableLines(cluster: Cluster, s: ServiceScenario): string[] {
  return cluster.nodes.map((n) => {
    const ns = NETNS.node(n);
    return `ip netns exec ${ns} /usr/sbin/conntrack -L > /tmp/cap/all/${s.name}.${ns}.conntrack.txt 2>&1; ip netns exec ${ns} /usr/sbin/ipvsadm -Lnc > /tmp/cap/all/${s.name}.${ns}.ipvsadm-lnc.txt 2>&1`;
  });
}

/** Shell lines of one scenario, between its marks (outputs into /tmp/cap/all/NAME.out.txt). */
export function serviceLines(cluster: Cluster, s: ServiceScenario): string[] {
  return [...actionLines(s), ...tableLines(cluster, s)];
}

function actionLines(s: ServiceScenario): string[] {
  const out = `/tmp/cap/all/${s.name}.out.txt`;
  const a = s.action;
  if (a.kind === 'wget') {
    // busybox-static 1.35's wget applet (Debian 12) dies of SIGSEGV before its first system
    // call, so busybox nc plays wget: the request wget sends (written by serviceFiles), the
    // socket read to its end (nc exits on EOF and closes: wget's FIN), the body kept. The
    // request stays open on nc's stdin meanwhile: on stdin's EOF nc would half-close early.
    // A failed connect() is the same libbb xconnect message in both applets, under nc's name.
    const u = parseHttpUrl(a.url)!;
    const raw = `/tmp/${s.name}.raw`;
    return [
      `(cat /in/services/req-${s.name}.txt; sleep 3) | ip netns exec ${ns(a.from)} nc -w 20 ${formatIp4(u.host)} ${u.port} > ${raw} 2>&1; rc=$?`,
      `awk 'b{print} /^\r$/{b=1}' ${raw} > ${out}; sed -n 's/^nc: /wget: /p' ${raw} >> ${out}; echo "rc=$rc" >> ${out}`,
      `sleep ${SETTLE_S}`,
    ];
  }
  return [`ip netns exec ${NETNS.pod(a.from)} /usr/bin/tcpreplay -q -i eth0 /in/services/${s.name}.pcap > /dev/null 2>&1 || echo "ORACLE-ERR tcpreplay ${s.name}"; echo "rc=0" > ${out}`, `sleep ${SETTLE_S}`];
}

/** The simulator's side: one session for every Service scenario, in order, each into its own
 *  directory of pcaps (every interface), with the program's output in out.txt. */
export function simServices(cluster: Cluster, scenarios: ServiceScenario[], engine: EngineName, dirOf: (s: ServiceScenario) => string,
  opts: { masqueradeAll: boolean; reachableMs?: SimOptions['reachableMs']; startsMs?: (s: ServiceScenario) => number | undefined }): void {
  simServicesIn(new SimSession(cluster, { engine, neighbours: 'empty', ipvs: { masqueradeAll: opts.masqueradeAll }, reachableMs: opts.reachableMs }), cluster, scenarios, dirOf, opts.startsMs);
}

/** The scenarios in `session` (whose tables the caller reads afterwards). */
export function simServicesIn(session: SimSession, cluster: Cluster, scenarios: ServiceScenario[], dirOf: (s: ServiceScenario) => string,
  startsMs?: (s: ServiceScenario) => number | undefined): void {
  const sim = session.sim;
  const t0 = sim.clock.now;
  for (const s of scenarios) {
    // each scenario at the offset the VM began it (its start mark after the first one's), so
    // the neighbour timers (delayed probes, stale entries) fall into the same scenarios
    const at = startsMs?.(s);
    if (at !== undefined && Number.isFinite(at)) sim.clock.run(() => false, Math.max(sim.clock.now, t0 + at * NS_PER_MS));
    const dir = dirOf(s);
    mkdirSync(dir, { recursive: true });
    let text = '';
    const io = { out: (t: string) => void (text += t), err: (t: string) => void (text += t) };
    const a = s.action;
    if (a.kind === 'wget') {
      const host = a.from === 'external' ? `external:${cluster.nodes[0].spec.name}` : podKey(a.from);
      const rc = session.client(host, ['wget', '-q', '-T', '20', '-O-', a.url], io, { pcap: dir });
      text += `rc=${rc}\n`;
    } else {
      const caps = new Captures(sim, { taps: [], pcapDir: dir, pcapTaps: session.allTaps() });
      try {
        sim.inject({ pod: podKey(a.from) }, udpFrame(a));
        sim.clock.run(() => false, sim.clock.now + SETTLE_S * 1000 * NS_PER_MS);
      } finally {
        caps.close();
      }
      text += 'rc=0\n';
    }
    writeFileSync(join(dir, 'out.txt'), text);
  }
}
