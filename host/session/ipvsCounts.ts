// ipvsadm's ActiveConn / InActConn from a simulation's conntrack tables: per virtual server and
// real server, the live connections, active when TCP and ESTABLISHED (set_tcp_state moves a
// connection between the two counters; UDP connections stay inactive: __ip_vs_update_dest
// starts every connection IP_VS_CONN_F_INACTIVE).
import type { ClusterNode } from '../cluster/types.ts';
import { connections } from '../dataplane/conntrack.ts';
import * as L from '../layout.ts';
import type { Simulation } from '../sim/simulation.ts';
import type { ConnCounts } from '../views/ipvsadm.ts';

const PROTO = { TCP: 6, UDP: 17 } as const;

export function ipvsCountsOf(sim: Simulation): (node: ClusterNode) => ConnCounts {
  return (node) => {
    const conns = connections(sim.dataplane, node.index);
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
