#!/usr/bin/python3
"""Frame generator for the capture tests (run with Debian's /usr/bin/python3 + python3-scapy).

Prints one JSON object per line: {"name", "link": "ether"|"raw", "hex", "wire"} where `wire` is the
on-the-wire length (bigger than len(hex)/2 for frames cut short by a snap length).
`frames.py seed` prints the seed's cross-host ping frames; `frames.py broad` a few hundred varied frames.

Restrictions of the broad generator (things tcpdump decodes with printers we do not reproduce):
- UDP/TCP ports come from 40000-47999, which no tcpdump 4.99 application printer claims
  (DNS, NTP, VXLAN, BGP, ... would add their own text);
- unknown IP protocols only (99, 200, 253, 254); IGMP, GRE, ESP, OSPF, Ethernet-in-IP (143) ... have
  printers of their own;
- EtherTypes are IPv4, ARP or ones tcpdump does not know (hex dump); no 802.3/LLC, VLAN or IPv6;
- ICMP: echo, unreachable (all codes seen in practice incl. frag-needed with mtu), redirect, time
  exceeded, router solicitation, mask request, unknown types; not timestamp/router-advert/info
  (tcpdump prints their bodies in detail); quoted packets are header + 8 bytes as Linux sends, so
  RFC 4884 extensions never apply;
- IPv4 options: NOP, EOL, RA, RR; TCP options: mss, nop, wscale, sackOK, TS, eol.
"""
import json, random, sys
from scapy.all import Ether, IP, ICMP, UDP, TCP, ARP, Raw, IPOption, raw, fragment
from scapy.layers.inet import IPOption_NOP, IPOption_EOL, IPOption_RR, IPOption_Router_Alert

out = []
def emit(name, pkt, link="ether", cut=None):
    b = pkt if isinstance(pkt, bytes) else raw(pkt)
    wire = len(b)
    if cut is not None:
        b = b[:cut]
    out.append({"name": name, "link": link, "hex": b.hex(), "wire": wire})

def busybox_payload(send_us, n=56):
    """busybox ping: memset(pattern=0) over the data, then the first 4 bytes = monotonic_us() in host
    (little-endian) order, read back by the same process to compute the RTT."""
    return (send_us & 0xffffffff).to_bytes(4, "little") + bytes(n - 4)

BUSYBOX = busybox_payload(19 * 3600_000_000 + 7 * 60_000_000 + 34_159_492)

def seed():
    pod_mac, host_veth = "86:9c:03:9e:db:9f", "ee:ee:ee:ee:ee:ee"
    m1, n1 = "00:0c:29:b1:02:f0", "00:0c:29:90:fa:e2"
    pay = BUSYBOX
    # cali12242800409 on k8s-master-1 (ping id 29)
    emit("cali-req", Ether(src=pod_mac, dst=host_veth)/IP(src="172.16.196.1", dst="172.16.109.65", ttl=64, id=63022, flags="DF")/ICMP(type=8, id=29, seq=0)/pay)
    emit("cali-rep", Ether(src=host_veth, dst=pod_mac)/IP(src="172.16.109.65", dst="172.16.196.1", ttl=62, id=35773, flags=0)/ICMP(type=0, id=29, seq=0)/pay)
    # tunl0 on k8s-master-1 (raw IP, ping id 32)
    emit("tunl0-req", IP(src="172.16.196.1", dst="172.16.109.65", ttl=63, id=12220, flags="DF")/ICMP(type=8, id=32, seq=0)/pay, link="raw")
    emit("tunl0-rep", IP(src="172.16.109.65", dst="172.16.196.1", ttl=63, id=62324, flags=0)/ICMP(type=0, id=32, seq=0)/pay, link="raw")
    # ens160 on k8s-master-1 (IPIP, ping id 43)
    emit("ens160-req", Ether(src=m1, dst=n1)/IP(src="192.168.0.11", dst="192.168.0.12", ttl=63, id=55134, flags="DF", proto=4)
         /IP(src="172.16.196.1", dst="172.16.109.65", ttl=63, id=24637, flags="DF")/ICMP(type=8, id=43, seq=0)/pay)
    emit("ens160-rep", Ether(src=n1, dst=m1)/IP(src="192.168.0.12", dst="192.168.0.11", ttl=63, id=16578, flags=0, proto=4)
         /IP(src="172.16.109.65", dst="172.16.196.1", ttl=63, id=383, flags=0)/ICMP(type=0, id=43, seq=0)/pay)

R = random.Random(4)
MACS = ["86:9c:03:9e:db:9f", "ee:ee:ee:ee:ee:ee", "00:0c:29:b1:02:f0", "00:0c:29:90:fa:e2", "ff:ff:ff:ff:ff:ff", "02:42:ac:11:00:02"]
# Ports that no tcpdump 4.99 UDP/TCP dissector claims, so both sides print the plain forms.
def port():
    return R.randint(40000, 47999)
def ip():
    return R.choice(["172.16.196.%d" % R.randint(0, 63), "172.16.109.%d" % R.randint(64, 127), "192.168.0.%d" % R.randint(1, 254), "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))])
def eth():
    return Ether(src=R.choice(MACS), dst=R.choice(MACS))
def iphdr(**kw):
    d = dict(src=ip(), dst=ip(), ttl=R.randint(1, 255), id=R.randint(0, 65535), flags=R.choice([0, "DF"]), tos=R.choice([0, 0, 0x10, 0xb8, 0x01, 0x02, 0x03, 0xc0]))
    d.update(kw)
    return IP(**d)
def ether_ip(ip_bytes):
    """An Ethernet frame around already-built (possibly corrupted) IPv4 bytes, left as bytes so
    scapy does not recompute anything."""
    return raw(Ether(src=R.choice(MACS), dst=R.choice(MACS), type=0x0800)) + ip_bytes
def payload(lo=0, hi=64):
    return bytes(R.randint(0, 255) for _ in range(R.randint(lo, hi)))

def l4():
    """A random transport segment: ICMP echo, UDP or TCP."""
    k = R.randint(0, 2)
    if k == 0:
        return ICMP(type=R.choice([0, 8]), id=R.randint(0, 65535), seq=R.randint(0, 65535)) / payload(0, 80)
    if k == 1:
        return UDP(sport=port(), dport=port()) / payload(0, 80)
    return tcp_seg()

TCP_FLAGS = ["S", "SA", "A", "PA", "FA", "R", "RA", "F", "", "SEC", "AU", "PAC", "FPU"]
def tcp_seg():
    opts = R.choice([[], [("MSS", 1460)], [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (R.randint(0, 2**32 - 1), 0)), ("NOP", None), ("WScale", 7)],
                     [("NOP", None), ("NOP", None), ("Timestamp", (R.randint(0, 2**32 - 1), R.randint(0, 2**32 - 1)))], [("WScale", 14), ("EOL", None)]])
    flags = R.choice(TCP_FLAGS)
    return TCP(sport=port(), dport=port(), seq=R.randint(0, 2**32 - 1), ack=R.randint(0, 2**32 - 1) if "A" in flags else 0,
               flags=flags, window=R.randint(0, 65535), urgptr=R.randint(1, 100) if "U" in flags else 0, options=opts) / payload(0, 40)

def broad():
    # Seed-style echo traffic with varied fields, on Ethernet and raw links.
    for i in range(40):
        p = iphdr() / ICMP(type=R.choice([0, 8]), id=R.randint(0, 65535), seq=R.randint(0, 65535)) / payload(0, 120)
        emit("echo-%d" % i, p if i % 2 else eth() / p, link="raw" if i % 2 else "ether")
    # ICMP errors quoting the offending packet's header + 8 bytes, as Linux sends them.
    for i in range(40):
        inner = raw(iphdr() / l4())
        ihl = (inner[0] & 15) * 4
        quoted = inner[:ihl + 8]
        t, c, extra = R.choice([(11, 0, {}), (11, 1, {}), (3, 0, {}), (3, 1, {}), (3, 3, {}), (3, 4, {"nexthopmtu": R.choice([1480, 1500, 576])}), (3, 13, {}), (3, 10, {}), (3, 2, {}), (3, 9, {}), (5, 1, {"gw": ip()}), (5, 0, {"gw": ip()})])
        p = iphdr() / ICMP(type=t, code=c, **extra) / quoted
        emit("icmperr-%d" % i, eth() / p if i % 3 else p, link="ether" if i % 3 else "raw")
    # Other ICMP types whose tcpdump line has no variable detail beyond the header.
    for i, (t, c) in enumerate([(10, 0), (17, 0), (99, 3), (42, 0)]):
        emit("icmpother-%d" % i, eth() / iphdr() / ICMP(type=t, code=c) / payload(0, 24))
    # UDP with correct, wrong and absent checksums.
    for i in range(40):
        u = UDP(sport=port(), dport=port()) / payload(0, 200)
        b = raw(iphdr() / u)
        if i % 5 == 1:
            b = bytearray(b); b[26] ^= 0x5a; b = bytes(b)
        if i % 5 == 2:
            b = bytearray(b); b[26] = 0; b[27] = 0; b = bytes(b)
        emit("udp-%d" % i, ether_ip(b) if i % 4 else b, link="ether" if i % 4 else "raw")
    # TCP segments; each uses fresh ports so tcpdump's relative-sequence state never kicks in
    # across packets except where a stream is built on purpose below.
    for i in range(50):
        seg = tcp_seg()
        b = raw(iphdr() / seg)
        if i % 7 == 3:
            b = bytearray(b); b[20 + 16] ^= 0x11; b = bytes(b)
        emit("tcp-%d" % i, ether_ip(b))
    # A short TCP conversation: tcpdump prints relative seq/ack after the first packet.
    a, b_ = "172.16.196.1", "172.16.109.65"
    sp, dp = port(), port()
    isn_a, isn_b = R.randint(0, 2**32 - 1), R.randint(0, 2**32 - 1)
    conv = [(a, b_, sp, dp, "S", isn_a, 0, b""), (b_, a, dp, sp, "SA", isn_b, isn_a + 1, b""), (a, b_, sp, dp, "A", isn_a + 1, isn_b + 1, b""),
            (a, b_, sp, dp, "PA", isn_a + 1, isn_b + 1, b"hello world\n"), (b_, a, dp, sp, "A", isn_b + 1, isn_a + 13, b""),
            (b_, a, dp, sp, "PA", isn_b + 1, isn_a + 13, b"HELLO\n"), (a, b_, sp, dp, "FA", isn_a + 13, isn_b + 7, b""), (b_, a, dp, sp, "FA", isn_b + 7, isn_a + 14, b""),
            (a, b_, sp, dp, "A", isn_a + 14, isn_b + 8, b"")]
    for i, (s_, d_, sp_, dp_, fl, sq, ak, pl) in enumerate(conv):
        emit("tcpconv-%d" % i, Ether(src=MACS[0], dst=MACS[1]) / IP(src=s_, dst=d_, id=1000 + i, flags="DF") /
             TCP(sport=sp_, dport=dp_, flags=fl, seq=sq % 2**32, ack=ak % 2**32, window=64240) / pl)
    # ARP request/reply, incl. the proxy-ARP answer for 169.254.1.1 and a padded 60-byte frame.
    for i in range(16):
        op = 1 + (i % 2)
        a_ = ARP(op=op, hwsrc=R.choice(MACS), psrc=ip(), hwdst="00:00:00:00:00:00" if op == 1 else R.choice(MACS), pdst=R.choice([ip(), "169.254.1.1"]))
        e = Ether(src=a_.hwsrc, dst="ff:ff:ff:ff:ff:ff" if op == 1 else a_.hwdst) / a_
        emit("arp-%d" % i, e / bytes(18) if i % 4 == 3 else e)
    # IPIP: outer header then an inner ICMP/UDP/TCP packet (ens160 form), on both links.
    for i in range(30):
        p = iphdr(proto=4) / iphdr() / l4()
        emit("ipip-%d" % i, p if i % 5 == 4 else eth() / p, link="raw" if i % 5 == 4 else "ether")
    # IPv4 options.
    for i, o in enumerate([[IPOption_NOP(), IPOption_NOP(), IPOption_NOP(), IPOption_EOL()], [IPOption_Router_Alert()],
                           [IPOption_RR(routers=["1.2.3.4", "5.6.7.8"])], [IPOption_RR(routers=["0.0.0.0"] * 3)],
                           [IPOption_NOP(), IPOption_Router_Alert(), IPOption_EOL()]]):
        emit("ipopt-%d" % i, eth() / iphdr(options=o) / l4())
    # Fragments: first fragment (MF, offset 0) and later ones.
    for i in range(12):
        big = iphdr(flags=0) / R.choice([ICMP(type=8, id=7, seq=i) / bytes(300), UDP(sport=port(), dport=port()) / bytes(300)])
        for j, fr in enumerate(fragment(big, fragsize=R.choice([64, 128, 256]))):
            if R.random() < 0.6:
                emit("frag-%d-%d" % (i, j), eth() / fr)
    # Bad IP header checksums.
    for i in range(10):
        b = bytearray(raw(iphdr() / l4())); b[10] ^= 0xa5
        emit("badsum-%d" % i, ether_ip(bytes(b)) if i % 2 else bytes(b), link="ether" if i % 2 else "raw")
    # Truncated captures (snap length shorter than the frame), cut inside each header.
    for i in range(50):
        p = eth() / R.choice([iphdr() / l4(), iphdr(proto=4) / iphdr() / l4(), ARP(op=1, psrc=ip(), pdst=ip())])
        full = len(raw(p))
        emit("trunc-%d" % i, p, cut=R.randint(1, full - 1))
    for i in range(15):
        p = iphdr() / l4()
        emit("trunc-raw-%d" % i, p, link="raw", cut=R.randint(1, len(raw(p)) - 1))
    # IP total length bigger than what the frame holds (truncated-ip) and smaller (Ethernet padding).
    for i in range(6):
        b = bytearray(raw(iphdr() / l4()))
        if i % 2 == 0:
            b[2:4] = (len(b) + R.randint(1, 40)).to_bytes(2, "big")
        else:
            b += bytes(R.randint(1, 20))
        emit("iplen-%d" % i, ether_ip(bytes(b)))
    # ICMP with a wrong checksum, TTL 0, every fragment-flag combination.
    for i in range(6):
        b = bytearray(raw(iphdr() / ICMP(type=8, id=i, seq=i) / payload(0, 40)))
        b[22] ^= 0x0f
        emit("icmpbad-%d" % i, ether_ip(bytes(b)))
    for i, fl in enumerate([0, 1, 2, 3, 4, 5, 6, 7]):
        emit("ipflags-%d" % i, eth() / iphdr(flags=fl, ttl=i % 2) / ICMP(type=8) / payload(0, 20))
    # Ethertypes no printer claims.
    for i, t in enumerate([0x88b5, 0x88b6, 0x1234, 0xfffe, 0x0900]):
        emit("ethertype-%d" % i, Ether(src=R.choice(MACS), dst=R.choice(MACS), type=t) / payload(0, 40))
    # Unknown IP protocols.
    for i, pr in enumerate([253, 254, 200, 99]):
        emit("ipproto-%d" % i, eth() / iphdr(proto=pr) / payload(0, 30))

if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "seed"
    if mode == "seed":
        seed()
    elif mode == "broad":
        broad()
    else:
        sys.exit("usage: frames.py seed|broad")
    for o in out:
        print(json.dumps(o))
