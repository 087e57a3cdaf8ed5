// The seed's walkthrough in one shell session: the pod's neighbour table is empty before the
// ping (`ip neigh show` prints nothing), holds 169.254.1.1 → ee:ee:ee:ee:ee:ee after it
// (`arp -n`), and later shows the seed's `used 0/0/0 probes 1 STALE`; the node lists its pods
// with the permanent entries Felix programs.

import assert from 'node:assert/strict';
import { runShell, splitWords } from '../../host/cli/commands/shell.ts';
import { run } from '../../host/cli/main.ts';
import { BUSYBOX_M1, session } from './support.ts';

async function shell(lines: string[], engine: 'wasm' | 'ts' = 'wasm'): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runShell(session({ engine }), lines, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('ping: neighbour tables before and after, as in the seed', () => {
  it('ip neigh show is empty before any traffic, arp -n shows the proxy-ARP entry after the ping', async () => {
    const r = await shell([
      `exec ${BUSYBOX_M1} -- ip neigh show`,
      `exec ${BUSYBOX_M1} -- arp -n`,
      `ping ${BUSYBOX_M1} 172.16.109.65 -c 1`,
      `exec ${BUSYBOX_M1} -- arp -n`,
    ]);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'PING 172.16.109.65 (172.16.109.65): 56 data bytes'); // nothing printed before it
    assert.equal(lines.at(-2), '? (169.254.1.1) at ee:ee:ee:ee:ee:ee [ether]  on eth0'); // the seed's line
  });

  it('ip neigh: REACHABLE right after the ping, the seed\'s STALE line once reachable_time has passed', async () => {
    const r = await shell([
      `ping ${BUSYBOX_M1} 172.16.109.65 -c 1 -q`,
      `exec ${BUSYBOX_M1} -- ip neigh`,
      'sleep 60',
      `exec ${BUSYBOX_M1} -- ip neigh`,
      'exec k8s-master-1 -- ip neigh',
      'exec k8s-node-1 -- arp -n',
    ]);
    const lines = r.out.split('\n').filter((l) => / dev |^Address|ether /.test(l)); // the exec outputs
    assert.deepEqual(lines, [
      '169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee used 0/0/0 probes 1 REACHABLE',
      '169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee used 0/0/0 probes 1 STALE', // the seed's line
      // Felix's static entries for the local pods: the proxied ARP request changes nothing
      '172.16.196.1 dev cali12242800409 lladdr 86:9c:03:9e:db:9f PERMANENT',
      '172.16.196.2 dev calif57336c1ec9 lladdr 8e:0a:84:0d:c2:e4 PERMANENT',
      'Address                  HWtype  HWaddress           Flags Mask            Iface',
      '172.16.109.65            ether   ea:12:d7:1c:44:02   CM                    cali1b0be572c83',
    ]);
  });

  it('the pod re-validates 169.254.1.1 by unicast ARP after 30 s + 5 s of use (REACHABLE → DELAY → PROBE)', async () => {
    const r = await shell([`ping ${BUSYBOX_M1} 172.16.109.65 -c 40 -q --tcpdump k8s-master-1:cali12242800409 --filter arp`]);
    const arp = r.out.split('\n').filter((l) => l.includes('ARP'));
    assert.equal(arp.length, 4);
    assert.match(arp[2], /^19:08:09\.\d{6} 86:9c:03:9e:db:9f > ee:ee:ee:ee:ee:ee, .*Request who-has 169\.254\.1\.1 tell 172\.16\.196\.1, length 28$/);
    assert.match(arp[3], /ee:ee:ee:ee:ee:ee > 86:9c:03:9e:db:9f, .*Reply 169\.254\.1\.1 is-at ee:ee:ee:ee:ee:ee, length 28$/);
    assert.match(r.out, /^40 packets transmitted, 40 packets received, 0% packet loss$/m);
  });

  it('the shell: get pods, quoting, errors keep the session going, exit stops it', async () => {
    const r = await shell(['get pods -n devops -o custom-columns=NAME:.metadata.name,IP:.status.podIP,HOST:.spec.nodeName', 'bogus', "exec 'k8s-master-1' -- \"route -n\"", 'exit', 'get pods -A']);
    assert.match(r.out, /^NAME +IP +HOST\nbusybox-77649b9c55-7d27b +172\.16\.109\.65 +k8s-node-1\n/);
    assert.match(r.out, /^Kernel IP routing table$/m);
    assert.ok(!r.out.includes('coredns'), 'nothing runs after exit');
    assert.equal(r.err, 'error: command: not a shell command (try help) (got "bogus")\n');
    assert.deepEqual(splitWords(`a 'b c' "d\\"e" f\\ g # comment`), ['a', 'b c', 'd"e', 'f g']);
  });

  it('calico-ipip-sim shell is registered on the CLI', async () => {
    let out = '';
    const code = await run(['shell', '--help'], { out: (t) => (out += t), err: () => {} });
    assert.equal(code, 0);
    assert.match(out, /sleep <seconds>/);
  });
});
