#!/usr/bin/python3
"""Packets built by scapy (an independent implementation) for test/net/scapy.test.ts, which
builds the same packets with host/net and compares the bytes, and parses scapy's bytes back.
Prints one JSON object: name -> hex (and, for the zero-checksum UDP case, the data it chose).
Run with Debian's /usr/bin/python3 (python3-scapy)."""
import json
from scapy.all import Ether, IP, ICMP, UDP, ARP, Raw, raw, fragment

POD, VETH = "86:9c:03:9e:db:9f", "ee:ee:ee:ee:ee:ee"
M0, N1 = "00:0c:29:b1:02:f0", "00:0c:29:90:fa:e2"
A, B = "172.16.196.1", "172.16.109.65"
NODE0, NODE1 = "192.168.0.11", "192.168.0.12"

def hx(p):
    return raw(p).hex()

def quote(p):
    """What Linux's icmp_send quotes in these tests: the IP header and the first 8 octets."""
    b = raw(p)
    return b[: (b[0] & 15) * 4 + 8]

out = {}
# IPv4 + ICMP echo: the seed's request (busybox, 56 zero octets) and a reply with TOS, odd data.
out["echo_request"] = hx(Ether(src=POD, dst=VETH) / IP(src=A, dst=B, ttl=64, id=63022, flags="DF") / ICMP(type=8, id=29, seq=0) / Raw(bytes(56)))
out["echo_reply_odd"] = hx(Ether(src=VETH, dst=POD) / IP(src=B, dst=A, ttl=62, id=35773, flags=0, tos=0xb8) / ICMP(type=0, id=29, seq=7) / Raw(bytes(range(1, 38))))

# ICMP errors, each quoting the offending packet's header + 8 octets.
probe = IP(src=A, dst=B, ttl=1, id=4242, flags="DF") / ICMP(type=8, id=29, seq=3) / Raw(bytes(56))
big = IP(src=A, dst=B, ttl=64, id=4243, flags="DF") / UDP(sport=40000, dport=9) / Raw(bytes(1472))
out["time_exceeded"] = hx(IP(src=NODE0, dst=A, ttl=64, id=1, tos=0xc0) / ICMP(type=11, code=0) / Raw(quote(probe)))
out["frag_needed"] = hx(IP(src=NODE0, dst=A, ttl=64, id=2, tos=0xc0) / ICMP(type=3, code=4, nexthopmtu=1480) / Raw(quote(big)))
out["port_unreach"] = hx(IP(src=B, dst=A, ttl=64, id=3) / ICMP(type=3, code=3) / Raw(quote(IP(src=A, dst=B, id=9) / UDP(sport=40001, dport=53) / Raw(b"abc"))))

# ARP: busybox asking for 169.254.1.1 (target MAC zero), and Calico's proxy answer.
out["arp_request"] = hx(Ether(src=POD, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=POD, psrc=A, hwdst="00:00:00:00:00:00", pdst="169.254.1.1"))
out["arp_reply"] = hx(Ether(src=VETH, dst=POD) / ARP(op=2, hwsrc=VETH, psrc="169.254.1.1", hwdst=POD, pdst=A))

# UDP with its pseudo-header checksum: even and odd data, and data chosen so that the sum is
# 0xffff (the computed checksum 0 goes out as 0xffff, RFC 768).
out["udp_even"] = hx(IP(src=A, dst=B, ttl=64, id=5) / UDP(sport=40000, dport=53) / Raw(b"calico-ipip-sim!"))
out["udp_odd"] = hx(IP(src=A, dst=B, ttl=64, id=6) / UDP(sport=40000, dport=53) / Raw(b"odd"))
probe_zero = UDP(raw(IP(src=A, dst=B, ttl=64, id=7) / UDP(sport=40002, dport=9) / Raw(bytes(2)))[20:])
fill = probe_zero.chksum  # with these two data octets the one's complement sum becomes 0xffff
out["udp_zero_sum_data"] = fill.to_bytes(2, "big").hex()
out["udp_zero_sum"] = hx(IP(src=A, dst=B, ttl=64, id=7) / UDP(sport=40002, dport=9) / Raw(fill.to_bytes(2, "big")))

# IPv4 fragments: a 3000-octet ICMP echo over a 1480-octet MTU, as ip_fragment cuts it.
whole = IP(src=A, dst=B, ttl=64, id=777, flags=0) / ICMP(type=8, id=29, seq=1) / Raw(bytes(i & 255 for i in range(2992)))
out["frag_whole"] = hx(whole)
out["frags"] = [hx(f) for f in fragment(whole, fragsize=1480 - 20)]

print(json.dumps(out))
