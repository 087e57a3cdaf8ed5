#!/usr/bin/python3
"""What a Linux pod answers, built by scapy (an independent implementation) for
test/pod/answers.test.ts: the input frames the pod receives and the frames it must send.
Prints one JSON object: case -> {in: [hex], out: [hex]}. Run with Debian's /usr/bin/python3."""
import json
from scapy.all import Ether, IP, ICMP, UDP, TCP, Raw, raw, IPOption_RR, IPOption_Timestamp

POD_MAC, CALI = "ea:12:d7:1c:44:02", "ee:ee:ee:ee:ee:ee"
POD, PEER = "172.16.109.65", "172.16.196.1"
ID = 0x1234  # the pod's first IP ID in the test


def to_pod(p, dst=POD_MAC):
    return raw(Ether(src=CALI, dst=dst) / p)


def from_pod(p):
    return raw(Ether(src=POD_MAC, dst=CALI) / p)


def quote(p, n=None):
    b = raw(p)
    return b if n is None else b[:n]


def err(offending, type_, code, tos, rest=0, opts=None, n=None):
    """__icmp_send: from the pod, TOS (tos & 0x1e) | 0xc0, TTL 64, DF clear, the quote."""
    ip = IP(src=POD, dst=PEER, ttl=64, id=ID, flags=0, tos=(tos & 0x1e) | 0xc0, options=opts or [])
    icmp = ICMP(type=type_, code=code)
    if type_ == 12:
        icmp = ICMP(type=12, code=code, ptr=rest >> 24)
    return from_pod(ip / icmp / Raw(quote(offending, n)))


out = {}
udp = IP(src=PEER, dst=POD, ttl=62, id=77, tos=0x1f) / UDP(sport=5353, dport=9999) / Raw(b"hello")
out["udp_closed_port"] = {"in": [to_pod(udp)], "out": [err(udp, 3, 3, 0x1f)]}
big = IP(src=PEER, dst=POD, ttl=62, id=78) / UDP(sport=5353, dport=9999) / Raw(bytes(range(256)) * 4)
out["udp_quote_576"] = {"in": [to_pod(big)], "out": [err(big, 3, 3, 0, n=576 - 28)]}
nock = IP(src=PEER, dst=POD, ttl=62, id=79) / UDP(sport=5353, dport=9999, chksum=0) / Raw(b"no checksum")
out["udp_zero_checksum"] = {"in": [to_pod(nock)], "out": [err(nock, 3, 3, 0)]}
bad = IP(src=PEER, dst=POD, ttl=62, id=80) / UDP(sport=5353, dport=9999, chksum=0x1234) / Raw(b"bad")
out["udp_bad_checksum"] = {"in": [to_pod(bad)], "out": []}
bcast = IP(src=PEER, dst=POD, ttl=62, id=81) / UDP(sport=5353, dport=9999) / Raw(b"x")
out["udp_to_broadcast_mac"] = {"in": [to_pod(bcast, "ff:ff:ff:ff:ff:ff")], "out": []}
proto = IP(src=PEER, dst=POD, ttl=62, id=82, proto=200) / Raw(b"\x01\x02\x03")
out["unknown_protocol"] = {"in": [to_pod(proto)], "out": [err(proto, 3, 2, 0)]}
ipip = IP(src=PEER, dst=POD, ttl=62, id=83) / IP(src="10.0.0.1", dst="10.0.0.2") / ICMP()
out["ipip_to_pod"] = {"in": [to_pod(ipip)], "out": [err(ipip, 3, 3, 0)]}
frag2 = IP(src=PEER, dst=POD, ttl=62, id=84, proto=200, frag=8) / Raw(b"tail")
out["no_error_for_later_fragment"] = {"in": [to_pod(frag2)], "out": []}
icmperr = IP(src=PEER, dst=POD, ttl=62, id=85, options=[IPOption_RR(pointer=3, routers=[])]) / ICMP(type=3, code=1) / Raw(bytes(28))
out["no_error_about_icmp_error"] = {"in": [to_pod(icmperr)], "out": []}
badopt = IP(src=PEER, dst=POD, ttl=62, id=86, options=[Raw(b"\x01\x44\x01\x00")]) / UDP(sport=1, dport=2) / Raw(b"x")
out["bad_option_length"] = {"in": [to_pod(badopt)], "out": [err(badopt, 12, 0, 0, rest=21 << 24)]}

# tcp_v4_send_reset: TOS without ECN, DF, IP ID 0, TTL 64, window 0
syn = IP(src=PEER, dst=POD, ttl=62, id=90, tos=0xb9) / TCP(sport=40000, dport=80, flags="SF", seq=1000) / Raw(b"abcde")
rst = IP(src=POD, dst=PEER, ttl=64, id=0, flags="DF", tos=0xb8) / TCP(sport=80, dport=40000, flags="RA", seq=0, ack=1000 + 1 + 1 + 5, window=0)
out["tcp_syn_fin_closed"] = {"in": [to_pod(syn)], "out": [from_pod(rst)]}
ack = IP(src=PEER, dst=POD, ttl=62, id=91) / TCP(sport=40001, dport=81, flags="A", seq=5, ack=0xfffffff0)
rst2 = IP(src=POD, dst=PEER, ttl=64, id=0, flags="DF") / TCP(sport=81, dport=40001, flags="R", seq=0xfffffff0, ack=0, window=0)
out["tcp_ack_closed"] = {"in": [to_pod(ack)], "out": [from_pod(rst2)]}
rstin = IP(src=PEER, dst=POD, ttl=62, id=92) / TCP(sport=40002, dport=82, flags="R", seq=5)
out["tcp_no_reset_for_reset"] = {"in": [to_pod(rstin)], "out": []}
tcpbad = IP(src=PEER, dst=POD, ttl=62, id=93) / TCP(sport=40003, dport=83, flags="S", seq=5, chksum=0)
out["tcp_bad_checksum"] = {"in": [to_pod(tcpbad)], "out": []}

# icmp_rcv: a wrong ICMP checksum is dropped; the echo reply copies the code
echo = IP(src=PEER, dst=POD, ttl=62, id=100) / ICMP(type=8, code=0, id=7, seq=1, chksum=0x0bad) / Raw(b"payload")
out["echo_bad_checksum"] = {"in": [to_pod(echo)], "out": []}
echo5 = IP(src=PEER, dst=POD, ttl=62, id=101, tos=0x03) / ICMP(type=8, code=5, id=7, seq=2) / Raw(b"payload")
rep5 = IP(src=POD, dst=PEER, ttl=64, id=ID, tos=0x03) / ICMP(type=0, code=5, id=7, seq=2) / Raw(b"payload")
out["echo_code_kept"] = {"in": [to_pod(echo5)], "out": [from_pod(rep5)]}

# ip_options_echo: record route with room gets the pod's address twice (on receive, on send)
rr = IP(src=PEER, dst=POD, ttl=62, id=102, options=[IPOption_RR(pointer=8, routers=["192.168.0.12", "0.0.0.0", "0.0.0.0", "0.0.0.0"])]) / ICMP(type=8, id=7, seq=3) / Raw(b"rr")
rrr = IP(src=POD, dst=PEER, ttl=64, id=ID, options=[IPOption_RR(pointer=16, routers=["192.168.0.12", POD, POD, "0.0.0.0"])]) / ICMP(type=0, id=7, seq=3) / Raw(b"rr")
out["echo_record_route"] = {"in": [to_pod(rr)], "out": [from_pod(rrr)]}
# an error about a packet with record route answers it the same way
rru = IP(src=PEER, dst=POD, ttl=62, id=103, options=[IPOption_RR(pointer=4, routers=["0.0.0.0", "0.0.0.0"])]) / UDP(sport=1, dport=2) / Raw(b"x")
rru_rx = IP(src=PEER, dst=POD, ttl=62, id=103, options=[IPOption_RR(pointer=8, routers=[POD, "0.0.0.0"])]) / UDP(sport=1, dport=2) / Raw(b"x")
rru_rx.chksum = IP(raw(rru)).chksum  # the quoted header keeps the checksum it arrived with
out["udp_record_route"] = {"in": [to_pod(rru)], "out": [err(rru_rx, 3, 3, 0, opts=[IPOption_RR(pointer=12, routers=[POD, POD])])]}
# ip_expire: 30 s after the first fragment of a datagram that never completes, 11/1 quoting it
first = IP(src=PEER, dst=POD, ttl=62, id=110, flags="MF", proto=17) / Raw(bytes(range(48)))
out["reassembly_timeout"] = {"in": [to_pod(first)], "out": [err(first, 11, 1, 0)]}
later = IP(src=PEER, dst=POD, ttl=62, id=111, frag=6, proto=17) / Raw(bytes(16))
out["no_timeout_error_without_first"] = {"in": [to_pod(later)], "out": []}
print(json.dumps({k: {"in": [x.hex() for x in v["in"]], "out": [x.hex() for x in v["out"]]} for k, v in out.items()}))
