// ipvsadm's ActiveConn / InActConn from a simulation's conntrack tables: per virtual server and
// real server, the live connections, active when TCP and ESTABLISHED (set_tcp_state moves a
// connection between the two counters; UDP connections stay inactive: __ip_vs_update_dest
// starts every connection IP_VS_CONN_F_INACTIVE).
import type { ClusterNode } from '../cluster/types.ts';
import { connections, ipvsEntries } from '../dataplane/conntrack.ts';
import * as L from '../layout.ts';
import type { Simulation } from '../sim/simulation.ts';
import type { ConnCounts, IpvsConnRow } from '../views/ipvsadm.ts';
import { formatIp4 } from '../net/addr.ts';
import { NS_PER_MS } from '../time.ts';

const PROTO = { TCP: 6, UDP: 17 } as const;

/** The simulation clock in ms, as a node stepped now would read it: `sleep` moves it without
 *  stepping the nodes, and the listings are of the present. */
const nowMs = (sim: Simulation): number => sim.clock.now / NS_PER_MS;

export function ipvsCountsOf(sim: Simulation): (node: ClusterNode) => ConnCounts {
  return (node) => {
    const conns = connections(sim.dataplane, node.index, nowMs(sim));
    return (vs, rs) => {
      let active = 0;
      let inactive = 0;
      for (const c of conns) {
        if (c.proto !== PROTO[vs.protocol] || c.orig.dst !== vs.ip || c.orig.dport !== vs.port) continue;
        if (c.reply.src !== rs.ip || c.reply.sport !== rs.port) continue;
        if (c.proto === PROTO.TCP && c.state === L.CTS_ESTABLISHED) active++;
        else inactive++;
      }
      return { active, inactive };
    };
  };
}

/** ip_vs_proto_tcp's state names by IPVS state number (CTS_* follows the kernel's order). */
const TCP_STATE = ['NONE', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'SYNACK'];

/** The rows of `ipvsadm -Lnc` on a node: every live connection, client → virtual server →
 *  real server, and every persistence template (client port 0; ip_vs_state_name: NONE or
 *  ASSURED, ip_vs_ctpl_state_name_table), in the table's order (the kernel's is its hash
 *  order). */
export function ipvsConnsOf(sim: Simulation): (node: ClusterNode) => IpvsConnRow[] {
  return (node) => ipvsEntries(sim.dataplane, node.index, nowMs(sim)).map((c) => {
    const protocol = c.proto === PROTO.TCP ? 'TCP' : 'UDP';
    const expiresS = Math.floor(c.expiresInMs / 1000);
    if (c.kind === 'template') {
      return {
        protocol, expiresS, state: c.assured ? 'ASSURED' : 'NONE', client: `${formatIp4(c.client)}:0`,
        virtual: `${formatIp4(c.vip)}:${c.vport}`, real: `${formatIp4(c.dest)}:${c.dport}`,
      };
    }
    return {
      protocol, expiresS,
      state: c.proto === PROTO.TCP ? TCP_STATE[c.state] ?? 'NONE' : 'UDP',
      client: `${formatIp4(c.orig.src)}:${c.orig.sport}`,
      virtual: `${formatIp4(c.orig.dst)}:${c.orig.dport}`,
      real: `${formatIp4(c.reply.src)}:${c.reply.sport}`,
    };
  });
}
