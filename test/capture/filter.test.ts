// The capture filter (host/capture/filter.ts) against libpcap's: the real tcpdump reads the broad
// scapy frames (test/capture/frames.py) with each expression, and our filter must select exactly
// the same packets (identified by their distinct timestamps).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PcapFileWriter, readPcapFile } from '../../host/capture/pcapFile.ts';
import { formatTimestamp } from '../../host/capture/tcpdump.ts';
import { ConfigError } from '../../host/errors.ts';
import { compileFilter } from '../../host/capture/filter.ts';
import { GenFrame, HAVE_SCAPY, TCPDUMP, generateFrames, tempDir } from './support.ts';
import { spawnSync } from 'node:child_process';

const T0 = 1_700_000_000n * 1_000_000_000n;

function ip4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

describe('capture filter: the same packets as libpcap selects', function () {
  let tmp: { dir: string; remove: () => void };
  const files = new Map<'ether' | 'raw', string>();
  let frames: GenFrame[];

  before(function () {
    if (!HAVE_SCAPY || !TCPDUMP) this.skip();
    frames = generateFrames('broad');
    tmp = tempDir();
    for (const link of ['ether', 'raw'] as const) {
      const path = join(tmp.dir, `f-${link}.pcap`);
      const w = new PcapFileWriter(link, { path });
      let t = T0;
      for (const f of frames) {
        if (f.link !== link) continue;
        w.write(t, f.bytes, f.wire);
        t += 1_234_567n;
      }
      w.close();
      files.set(link, path);
    }
  });

  after(() => tmp?.remove());

  /** Addresses and ports that occur in the frames, so host/net/port filters select something. */
  function samples(): { hosts: string[]; ports: number[] } {
    const hosts = new Set<string>();
    const ports = new Set<number>();
    for (const f of frames) {
      const o = f.link === 'ether' ? 14 : 0;
      const b = f.bytes;
      if (f.link === 'ether' && (b[12] !== 8 || b[13] !== 0)) continue;
      if (b.length < o + 24 || b[o] >> 4 !== 4) continue;
      hosts.add(ip4(b, o + 12));
      if ((b[o + 9] === 6 || b[o + 9] === 17) && b.length >= o + (b[o] & 15) * 4 + 4) ports.add((b[o + (b[o] & 15) * 4 + 2] << 8) | b[o + (b[o] & 15) * 4 + 3]);
    }
    return { hosts: [...hosts].slice(0, 3), ports: [...ports].slice(0, 2) };
  }

  it('every primitive and combination selects what tcpdump selects, on Ethernet and raw IP', function () {
    const { hosts, ports } = samples();
    assert.ok(hosts.length >= 2 && ports.length >= 1);
    const [h1, h2] = hosts;
    const net16 = h1.split('.').slice(0, 2).join('.');
    const exprs = [
      'icmp', 'arp', 'ip', 'tcp', 'udp', 'ip proto 4', 'ip proto \\icmp', 'proto 17', 'not icmp', '! arp',
      `host ${h1}`, `src host ${h1}`, `dst ${h2}`, `src ${h1} or dst ${h2}`, `net ${net16}.0.0/16`, `net ${net16}`,
      `src net ${net16}.0.0 mask 255.255.0.0`, `port ${ports[0]}`, `tcp port ${ports[0]}`, `udp dst port ${ports.at(-1)}`,
      `icmp and (host ${h1} or host ${h2})`, `not (tcp or udp) and ip`, `ip proto 4 || arp && not icmp`, 'less 64', 'greater 100',
      `ether host ee:ee:ee:ee:ee:ee`, 'ether src 00:0c:29:90:fa:e2',
    ];
    for (const link of ['ether', 'raw'] as const) {
      const path = files.get(link)!;
      const recs = readPcapFile(path).records;
      for (const expr of exprs) {
        if (link === 'raw' && expr.startsWith('ether')) continue; // libpcap rejects ether on raw IP
        const r = spawnSync(TCPDUMP!, ['-r', path, '-nn', expr], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
        const rejectsAll = r.status === 1 && /expression rejects all packets/.test(r.stderr); // e.g. arp on raw IP
        assert.ok(r.status === 0 || rejectsAll, `${expr}: ${r.stderr}`);
        const real = r.stdout.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d{6} /.test(l)).map((l) => l.slice(0, 15));
        const f = compileFilter(expr);
        const ours = recs.filter((x) => f(x.data, link, x.wireLength)).map((x) => formatTimestamp({ sec: x.sec, usec: x.usec }));
        assert.deepEqual(ours, real, `${link}: ${expr}`);
      }
    }
  });

  it('bad expressions are one ConfigError naming the field', () => {
    for (const e of ['vlan 5', 'host', 'net 10.0.0.1/8', 'port 99999', '(icmp', 'icmp and', 'host fe80::1', 'src or dst host 1.2.3.4']) {
      assert.throws(() => compileFilter(e, '--tcpdump'), (err: unknown) => err instanceof ConfigError && err.field === '--tcpdump', e);
    }
  });
});
