// A pod's network stack, as little of it as the ping needs: eth0 with a /32 and a default
// route via 169.254.1.1 (Calico's), an ARP cache filled by asking, an echo responder and a
// ping that records replies.
import { arpFrame, icmpFrame, icmpOf, parseIp, parseMac, ipText, macText } from './frames.mjs';

const GATEWAY = parseIp('169.254.1.1');

export class Pod {
  gatewayMac = null;
  waiting = []; // IP frames waiting for the gateway's MAC (their destination MAC is filled in later)
  replies = [];
  sentAt = new Map();
  ipId = 1000;

  /** transmit(frame) puts a frame on eth0; log(frame) is told of every frame received. */
  constructor({ name, ip, mac, now, log }) {
    Object.assign(this, { name, ipText: ip, ip: parseIp(ip), mac: parseMac(mac), now, log });
  }

  ping(dst, { id, seq, ipId, ttl }) {
    this.sentAt.set(`${id}/${seq}`, this.now());
    this.sendIp({ dst: parseIp(dst), ttl, ipId, df: true, type: 8, id, seq, data: new Uint8Array(56) });
  }

  sendIp(fields) {
    const frame = icmpFrame({ dstMac: this.gatewayMac ?? new Uint8Array(6), srcMac: this.mac, src: this.ip, ...fields });
    if (this.gatewayMac) return this.transmit(frame);
    this.waiting.push(frame);
    if (this.waiting.length === 1) this.transmit(arpFrame(1, this.mac, this.ip, null, GATEWAY));
  }

  receive(frame) {
    this.log(frame);
    if (frame[12] === 0x08 && frame[13] === 0x06) {
      if (frame[21] !== 2 || ipText(frame, 28) !== '169.254.1.1') return;
      this.gatewayMac = frame.slice(22, 28);
      for (const f of this.waiting.splice(0)) {
        f.set(this.gatewayMac, 0);
        this.transmit(f);
      }
      return;
    }
    const icmp = icmpOf(frame);
    if (icmp === null || ipText(frame, 30) !== this.ipText) return;
    if (icmp.type === 8) {
      // the kernel's echo reply: same id, seq and data, its own TTL and IP ID, DF clear
      this.sendIp({ dst: frame.slice(26, 30), ttl: 64, ipId: this.ipId++, df: false, type: 0, id: icmp.id, seq: icmp.seq, data: frame.slice(42) });
    } else if (icmp.type === 0) {
      const t0 = this.sentAt.get(`${icmp.id}/${icmp.seq}`);
      if (t0 !== undefined) this.replies.push({ from: icmp.src, seq: icmp.seq, ttl: icmp.ttl, rttNs: this.now() - t0, mac: macText(frame, 6) });
    }
  }
}
