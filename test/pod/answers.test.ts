// What a pod answers, against frames scapy builds (test/pod/answers.py, Debian's
// /usr/bin/python3): port unreachable for UDP (__udp4_lib_rcv), protocol unreachable
// (ip_local_deliver_finish), 3/3 for IPIP (tunnel4_rcv), 12/0 for options that do not parse
// (ip_options_compile), TCP resets (tcp_v4_send_reset), echo replies with their options
// echoed (ip_options_echo), and silence where Linux is silent: bad ICMP, UDP and TCP
// checksums, later fragments, errors about errors, link-layer broadcasts; 11/1 when a datagram
// is still incomplete after ipfrag_time (ip_expire).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { ARPOP_REPLY, ARPOP_REQUEST, arpPacket, arpParse } from '../../host/net/arp.ts';
import { ETHERTYPE_ARP, ethFrame, ethParse } from '../../host/net/ethernet.ts';
import { PodStack } from '../../host/pod/stack.ts';
import { SimClock } from '../../host/sim/clock.ts';
import { HAVE_SCAPY } from '../capture/support.ts';

const SCRIPT = fileURLToPath(new URL('./answers.py', import.meta.url));
const cluster = buildCluster(defaultClusterSpec());
const CALI = new Uint8Array([0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
const GATEWAY = 0xa9fe0101;

/** The IP frames a fresh pod (IP IDs from 0x1234) sends after receiving `input`; the cali's
 *  proxy ARP answers its request for 169.254.1.1. */
function answers(input: string[]): string[] {
  const pod = cluster.pods.find((p) => p.ip === 0xac106d41)!; // 172.16.109.65
  const clock = new SimClock();
  const sent: string[] = [];
  const stack: PodStack = new PodStack(pod, {
    now: () => clock.now,
    at: (t, r) => clock.at(t, r),
    send: (frame) => {
      const eth = ethParse(frame);
      if (typeof eth === 'string' || eth.type !== ETHERTYPE_ARP) return void sent.push(Buffer.from(frame).toString('hex'));
      const a = arpParse(eth.payload);
      if (typeof a === 'string' || a.op !== ARPOP_REQUEST || a.tpa !== GATEWAY) return;
      clock.at(clock.now + 50_000, () => stack.receive(ethFrame(a.sha, CALI, ETHERTYPE_ARP,
        arpPacket({ op: ARPOP_REPLY, sha: CALI, spa: GATEWAY, tha: a.sha, tpa: a.spa }))));
    },
    answerNs: 30_000,
    socketNs: 10_000,
  }, 0x1234);
  for (const h of input) stack.receive(new Uint8Array(Buffer.from(h, 'hex')));
  clock.run(() => false, 40e9);
  return sent;
}

describe('pod: what Linux answers (scapy)', function () {
  let want: Record<string, { in: string[]; out: string[] }>;
  before(function () {
    if (!HAVE_SCAPY) this.skip(); // CI installs python3-scapy; locally: apt-get install python3-scapy
    const r = spawnSync('/usr/bin/python3', [SCRIPT], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`answers.py failed (${r.status}): ${r.stderr}`);
    want = JSON.parse(r.stdout);
  });
  const cases: [string, string][] = [
    ['udp_closed_port', 'UDP to a closed port: 3/3 from the pod, TOS (tos & 0x1e) | 0xc0, DF clear, TTL 64'],
    ['udp_quote_576', 'a big UDP datagram: the error is 576 octets'],
    ['udp_zero_checksum', 'UDP checksum 0 means none: still 3/3'],
    ['udp_bad_checksum', 'UDP with a wrong checksum: dropped silently'],
    ['udp_to_broadcast_mac', 'no error about a link-layer broadcast'],
    ['unknown_protocol', 'protocol 200: 3/2'],
    ['ipip_to_pod', 'IPIP to a pod: 3/3 from tunnel4'],
    ['no_error_for_later_fragment', 'no error about a fragment other than the first'],
    ['no_error_about_icmp_error', 'no error about an ICMP error'],
    ['bad_option_length', 'an option of length 1: 12/0 pointing at it'],
    ['tcp_syn_fin_closed', 'TCP SYN+FIN with data to a closed port: RST/ACK acking all of it, DF, ID 0'],
    ['tcp_ack_closed', 'TCP ACK to a closed port: RST with their ack as sequence'],
    ['tcp_no_reset_for_reset', 'no reset for a reset'],
    ['tcp_bad_checksum', 'TCP with a wrong checksum: dropped silently'],
    ['echo_bad_checksum', 'echo request with a wrong ICMP checksum: no reply'],
    ['echo_code_kept', 'echo reply keeps the code and the TOS'],
    ['echo_record_route', 'echo reply carries record route with the pod twice'],
    ['udp_record_route', 'an error echoes record route too, and quotes the compiled header'],
    ['reassembly_timeout', 'a datagram missing its tail: 11/1 about the first fragment after ipfrag_time'],
    ['no_timeout_error_without_first', 'no 11/1 when the first fragment never came'],
  ];
  for (const [name, title] of cases) {
    it(title, () => assert.deepEqual(answers(want[name].in), want[name].out));
  }
});
