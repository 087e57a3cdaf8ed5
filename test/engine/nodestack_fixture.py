#!/usr/bin/python3
"""What a node's own stack answers (assembly/local.ts), built by scapy for
test/engine/nodeStack.test.ts: the frames a node receives on its uplink from its peer, and the
frames it must send back there. argv[1]: JSON {peer_mac, node_mac, peer, node, tunl, vip,
tunnel4}. Prints one JSON object: case -> {in: [hex], out: [hex]}. Run with Debian's
/usr/bin/python3.

  tcp_v4_rcv → tcp_v4_send_reset: ports swapped, doff 5, window 0; ACK set → seq = its ack,
    RST; else seq 0, ack = seq + SYN + FIN + data, RST|ACK; from the address the segment was
    sent to, TOS without ECN, DF, ID 0, TTL 64. Nothing for a reset, a short segment, a bad data
    offset or checksum, a frame not for the host's MAC.
  icmp_timestamp: type 14, identifier/sequence/originate copied, receive = transmit = the clock
    (the test checks them and blanks them); fewer than 12 octets of ICMP: nothing.
  IPv6-in-IPv4 41, MPLS-in-IPv4 137: tunnel4 loaded → 3/3 once the inner header is there;
    not loaded → 3/2 always.
  An error about a packet with options carries back what ip_options_compile compiled
    (__icmp_send → __ip_options_echo, then ip_options_build): a record route copied with one
    more slot grabbed and filled with the error's source, CIPSO copied, a loose source route
    reversed (the sender's address last) and the error sent to its last recorded hop; the rest
    left out, padded with EOL. The quote is the packet as compiled: its record-route slot
    filled with the address it was sent to, its pointer advanced, its checksum stale."""
import json
import sys
import socket
from scapy.all import Ether, IP, TCP, UDP, ICMP, Raw, raw
from scapy.utils import checksum

a = json.loads(sys.argv[1])
PEER_MAC, NODE_MAC, PEER, NODE = a["peer_mac"], a["node_mac"], a["peer"], a["node"]


def wire(p, dst=NODE_MAC):
    return raw(Ether(src=PEER_MAC, dst=dst) / p)


def back(p):
    return raw(Ether(src=NODE_MAC, dst=PEER_MAC) / p)


def seg(dst, flags, seq=0x11223344, ack=0, data=b"", tos=0, dport=22):
    return IP(src=PEER, dst=dst, tos=tos, id=0x5151, flags="DF") / TCP(sport=40001, dport=dport, seq=seq, ack=ack, flags=flags, window=502) / Raw(data)


def rst(src, dport=22, seq=0, ack=0, flags="R", tos=0):
    return IP(src=src, dst=PEER, tos=tos, id=0, flags="DF", ttl=64) / TCP(sport=dport, dport=40001, seq=seq, ack=ack, flags=flags, window=0)


def corrupt(p, at, value):
    b = bytearray(raw(p))
    b[20 + at] = value
    return IP(bytes(b))


def unreach(code, request):
    """__icmp_send: TOS (tos & 0x1e) | 0xc0, TTL 64, DF clear, the request quoted whole."""
    return IP(src=NODE, dst=PEER, tos=0xC0, ttl=64, flags=0) / ICMP(type=3, code=code) / Raw(raw(request))


cases = {}
targets = [("node", NODE)] + ([("tunl0", a["tunl"])] if a.get("tunl") else []) + ([("vip", a["vip"])] if a.get("vip") else [])
for name, dst in targets:
    cases[f"syn to {name}"] = ([wire(seg(dst, "S"))], [back(rst(dst, ack=0x11223345, flags="RA"))])
    cases[f"ack to {name}"] = ([wire(seg(dst, "A", ack=0x99887766))], [back(rst(dst, seq=0x99887766))])
    cases[f"fin with 10 octets to {name}"] = ([wire(seg(dst, "F", data=b"ABCDEFGHIJ"))], [back(rst(dst, ack=0x11223344 + 11, flags="RA"))])
    cases[f"rst to {name}"] = ([wire(seg(dst, "R"))], [])
cases["syn+fin with 12 octets, seq wraps"] = ([wire(seg(NODE, "SF", seq=0xFFFFFFFA, data=b"x" * 12))], [back(rst(NODE, ack=(0xFFFFFFFA + 14) & 0xFFFFFFFF, flags="RA"))])
cases["syn+ack: seq from its ack"] = ([wire(seg(NODE, "SA", ack=5))], [back(rst(NODE, seq=5))])
cases["syn, tos 0xbb: the reset's tos 0xb8"] = ([wire(seg(NODE, "S", tos=0xBB))], [back(rst(NODE, ack=0x11223345, flags="RA", tos=0xB8))])
cases["syn, Ethernet broadcast"] = ([wire(seg(NODE, "S"), dst="ff:ff:ff:ff:ff:ff")], [])
bad = IP(raw(seg(NODE, "S")))
bad[TCP].chksum ^= 0x5A5A
cases["syn, bad checksum"] = ([wire(bad)], [])
cases["syn, data offset 4"] = ([wire(corrupt(seg(NODE, "S"), 12, 0x40))], [])
cases["syn, data offset 15 (past the end)"] = ([wire(corrupt(seg(NODE, "S"), 12, 0xF0))], [])
cases["12 octets of tcp"] = ([wire(IP(src=PEER, dst=NODE, id=0x5151, proto=6) / Raw(raw(TCP(sport=1, dport=2, flags="S"))[:12]))], [])

def icmp_msg(type_, code, rest, quote):
    m = bytearray([type_, code, 0, 0]) + rest + quote
    m[2:4] = checksum(bytes(m)).to_bytes(2, "big")
    return bytes(m)


def icmp_bytes(type_, body):
    """An ICMP message as octets (scapy's timestamp layer always adds all three times)."""
    m = bytearray([type_, 0, 0, 0]) + body
    c = checksum(bytes(m))
    m[2:4] = c.to_bytes(2, "big")
    return bytes(m)


IDSEQ_ORIGINATE = bytes([0x42, 0x42, 0, 7, 1, 2, 3, 4])


def ts_req(n, tos=0):
    return IP(src=PEER, dst=NODE, tos=tos, id=0x5151, flags="DF", proto=1) / Raw(icmp_bytes(13, (IDSEQ_ORIGINATE + bytes(8))[: n - 4]))


def ts_reply(tos=0):
    # receive and transmit are the node's clock: zero here, compared apart by the test
    return IP(src=NODE, dst=PEER, tos=tos, ttl=64, flags=0, proto=1) / Raw(icmp_bytes(14, IDSEQ_ORIGINATE + bytes(8)))


cases["timestamp request"] = ([wire(ts_req(20, tos=0x10))], [back(ts_reply(tos=0x10))])
cases["timestamp request, 12 octets"] = ([wire(ts_req(12))], [back(ts_reply())])
cases["timestamp request, 11 octets"] = ([wire(ts_req(11))], [])
badts = bytearray(raw(ts_req(20)))
badts[22] ^= 0x01
cases["timestamp request, bad checksum"] = ([wire(IP(bytes(badts)))], [])

# MPLS: ipip.ko's mplsip_rcv, and an up tunl0 (the fallback device, protocol "any") takes it
# onto tunl0 (tcpdump there sees the 4 octets), where nothing handles MPLS
loaded, tunl_up = a["tunnel4"], a.get("tunl") is not None
on_tunl0 = {}
for proto, n, pulled in ((41, 40, 40), (41, 20, 40), (137, 4, 4), (137, 3, 4)):
    body = bytes((0x60 if i == 0 else i) for i in range(n))
    req = IP(src=PEER, dst=NODE, id=0x5151, flags="DF", proto=proto) / Raw(body)
    name = f"protocol {proto}, {n} octets"
    if not loaded:
        want = [back(unreach(2, req))]
    elif n < pulled:
        want = []
    elif proto == 137 and tunl_up:
        want = []
        on_tunl0[name] = [body.hex()]
    else:
        want = [back(unreach(3, req))]
    cases[name] = ([wire(req)], want)



def a4(x):
    return socket.inet_aton(x)


def build_ip(src, dst, opts, l4, proto):
    """The packet as sent, its header with the raw option octets `opts` (a multiple of 4)."""
    ihl = 5 + len(opts) // 4
    h = bytearray(raw(IP(src=src, dst=dst, id=0x5151, proto=proto, ihl=ihl, len=ihl * 4 + len(l4)))[:20])
    h[10:12] = b"\0\0"
    h = h + opts
    h[10:12] = checksum(bytes(h)).to_bytes(2, "big")
    return bytes(h) + l4


def build_error_header(src, dst, opts, n):
    """__icmp_send's header for `n` octets of ICMP with the echoed options `opts`: TOS 0xc0, TTL
    64, DF clear; the ID is the node's (the test blanks it)."""
    ihl = 5 + len(opts) // 4
    h = bytearray(raw(IP(src=src, dst=dst, tos=0xC0, ttl=64, flags=0, proto=1, ihl=ihl, len=ihl * 4 + n))[:20]) + opts
    h[10:12] = b"\0\0"
    h[10:12] = checksum(bytes(h)).to_bytes(2, "big")
    return bytes(h)


# scapy fills the UDP checksum when it lays the datagram out with its addresses
udp9 = raw(IP(src=PEER, dst=NODE) / UDP(sport=5353, dport=9) / Raw(b"hello"))[20:]
rr3 = bytes([7, 15, 4]) + bytes(12)
sent = build_ip(PEER, NODE, rr3 + bytes(1), udp9, 17)
got = bytearray(sent)
got[20 + 2] = 8
got[20 + 3:20 + 7] = a4(NODE)  # spec_dst: the address it was sent to
echo = bytes([7, 15, 12]) + a4(NODE) + a4(NODE) + bytes(4) + bytes(1)
cases["udp with record route, no socket: 3/3 carries the route, one more slot"] = (
    [wire(IP(sent))], [raw(Ether(src=NODE_MAC, dst=PEER_MAC, type=0x0800)) + build_error_header(NODE, PEER, echo, 8 + len(got)) + icmp_msg(3, 3, bytes(4), bytes(got))])

ping = raw(ICMP(type=8, id=0x4242, seq=7) / Raw(b"x" * 16))
rr2 = bytes([7, 11, 4]) + bytes(8)
cipso = bytes([134, 8, 0, 0, 0, 1, 0, 0])
sent = build_ip(PEER, NODE, rr2 + cipso + bytes(1), ping, 1)
got = bytearray(sent)
got[20 + 2] = 8
got[20 + 3:20 + 7] = a4(NODE)
echo = bytes([7, 11, 12]) + a4(NODE) + a4(NODE) + cipso + bytes(1)
cases["record route, then CIPSO with no DOI: 12/0 at the DOI carries both"] = (
    [wire(IP(sent))], [raw(Ether(src=NODE_MAC, dst=PEER_MAC, type=0x0800)) + build_error_header(NODE, PEER, echo, 8 + len(got)) + icmp_msg(12, 0, bytes([31 + 2, 0, 0, 0]), bytes(got))])

far = "8.8.8.8"  # routed to the gateway, not to the peer
lsrr = bytes([131, 11, 12]) + a4("192.0.2.1") + a4(PEER)
sent = build_ip(far, NODE, lsrr + bytes([7, 1]) + bytes(3), ping, 1)
echo = bytes([131, 11, 4]) + a4("192.0.2.1") + a4(far) + bytes(1)
cases["loose source route, then a bad length: 12/0 goes to the route's last hop, reversed"] = (
    [wire(IP(sent))], [raw(Ether(src=NODE_MAC, dst=PEER_MAC, type=0x0800)) + build_error_header(NODE, PEER, echo, 8 + len(sent)) + icmp_msg(12, 0, bytes([31, 0, 0, 0]), sent)])

print(json.dumps({k: {"in": [x.hex() for x in i], "out": [x.hex() for x in o], "tunl0": on_tunl0.get(k)} for k, (i, o) in cases.items()}))
