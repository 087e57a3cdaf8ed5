// Both engines (the WASM core and the TypeScript twin) must print the same traces and the same
// ping output, byte for byte: every interface of the cluster is captured in each scenario.

import assert from 'node:assert/strict';
import type { PingArgs } from '../../host/session/session.ts';
import { BUSYBOX_M1, BUSYBOX_N1, ping, session } from './support.ts';

const SCENARIOS: Omit<PingArgs, 'tcpdump'>[] = [
  { pod: BUSYBOX_M1, host: '172.16.109.65', count: 3 }, // cross-host over IPIP
  { pod: BUSYBOX_N1, host: '172.16.196.1', count: 2, size: 1200 }, // the other way, bigger
  { pod: BUSYBOX_M1, host: '172.16.196.2', count: 2 }, // same host
  { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, size: 3000 }, // fragmented by the pod, reassembled by the peer
  { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, ttl: 1, timeoutS: 1 }, // time exceeded from k8s-master-1
  { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, ttl: 2, timeoutS: 1 }, // … from k8s-node-1 over the tunnel
  { pod: BUSYBOX_M1, host: '172.16.196.9', count: 2, timeoutS: 1 }, // own blackhole
  { pod: BUSYBOX_M1, host: '172.16.109.99', count: 1, timeoutS: 1 }, // the peer's blackhole
  { pod: BUSYBOX_M1, host: '192.168.0.12', count: 1 }, // the peer node itself (its host stack answers)
];

describe('ping: the wasm and ts engines print identical traces', () => {
  for (const sc of SCENARIOS) {
    it(`${sc.pod} → ${sc.host}${sc.ttl ? ` -t ${sc.ttl}` : ''}${sc.size ? ` -s ${sc.size}` : ''}`, () => {
      const runs = (['wasm', 'ts'] as const).map((engine) => {
        const s = session({ engine });
        const taps = s.allTaps().map((t) => t.label);
        return ping(s, { ...sc, tcpdump: taps });
      });
      assert.equal(runs[0].code, runs[1].code);
      assert.equal(runs[0].err, runs[1].err);
      assert.equal(runs[0].all, runs[1].all);
      assert.ok(runs[0].all.split('\n').length > 10, 'the scenario produced traffic');
    });
  }
});
