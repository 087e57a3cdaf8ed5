#!/usr/bin/python3
"""IPv4 reassembly on a node (ip_defrag at local delivery, ip_expire), built by scapy for
test/engine/reasm.test.ts: the fragments k8s-node-1 receives on ens160, and the frames it must
send (on ens160 the frames it sent; on tunl0 and a cali everything tcpdump shows there). Prints
one JSON object: case -> {in: [hex], out: {label: [hex]}, after: seconds}.
Run with Debian's /usr/bin/python3."""
import json
from scapy.all import Ether, IP, ICMP, Raw, raw, fragment

MASTER_MAC, NODE1_MAC = "00:0c:29:b1:02:f0", "00:0c:29:90:fa:e2"
CALI, POD_N1_MAC = "ee:ee:ee:ee:ee:ee", "ea:12:d7:1c:44:02"
MASTER, NODE1 = "192.168.0.11", "192.168.0.12"
POD_M1, POD_N1, COREDNS = "172.16.196.1", "172.16.109.65", "172.16.196.2"
TUNL_N1 = "172.16.109.64"
DATA = bytes((i * 7 + 3) & 0xFF for i in range(2000))


def wire(p):
    """A frame from k8s-master-1 to k8s-node-1 on the uplink."""
    return raw(Ether(src=MASTER_MAC, dst=NODE1_MAC) / p)


def from_node1(p):
    return raw(Ether(src=NODE1_MAC, dst=MASTER_MAC) / p)


def frags(p, size):
    """ip_fragment as a router cuts it: (size - 20) & ~7 octets of payload each."""
    return [raw(f) for f in fragment(IP(raw(p)), fragsize=size - 20)]


def echo(src, dst, n, id_, tos=0, ttl=64, type_=8):
    return IP(src=src, dst=dst, ttl=ttl, id=id_, flags=0, tos=tos) / ICMP(type=type_, id=0x77, seq=3) / Raw(DATA[:n])


def reply(src, dst, n, mtu):
    """icmp_reply: from the address pinged, TTL 64, DF clear, fragmented at the route's MTU."""
    r = IP(src=src, dst=dst, ttl=64, id=0x4242, flags=0) / ICMP(type=0, id=0x77, seq=3) / Raw(DATA[:n])
    return frags(r, mtu)


def time_exceeded(src, dst, head, tos=0):
    """ip_expire → icmp_send(11/1): the head fragment as received, the error at most 576 octets."""
    quote = raw(head)[:548]
    return IP(src=src, dst=dst, ttl=64, id=0x4343, flags=0, tos=(tos & 0x1E) | 0xC0) / ICMP(type=11, code=1) / Raw(quote)


def ipip(outer_src, outer_dst, inner, id_=0x5151):
    return IP(src=outer_src, dst=outer_dst, ttl=64, id=id_, flags=0, proto=4) / Raw(raw(inner))


cases = {}

# a node pinged with 2000 data bytes from its peer: it reassembles, answers, and its reply
# leaves in fragments cut at the uplink's MTU (1500)
req = echo(MASTER, NODE1, 2000, 0x1001)
f = frags(req, 1500)
rep = [from_node1(IP(x)) for x in reply(NODE1, MASTER, 2000, 1500)]
cases["echo_in_order"] = {"in": [wire(IP(x)) for x in f], "out": {"k8s-node-1:ens160": rep}, "after": 1}
cases["echo_reverse_order"] = {"in": [wire(IP(x)) for x in reversed(f)], "out": {"k8s-node-1:ens160": rep}, "after": 1}
# a duplicate of the first fragment is dropped, the queue kept
cases["echo_duplicate"] = {"in": [wire(IP(f[0])), wire(IP(f[0])), wire(IP(f[1]))], "out": {"k8s-node-1:ens160": rep}, "after": 1}
# three pieces out of order, the middle one last
f3 = frags(req, 776)
cases["echo_three_pieces"] = {"in": [wire(IP(f3[0])), wire(IP(f3[2])), wire(IP(f3[1]))], "out": {"k8s-node-1:ens160": rep}, "after": 1}
# an overlap kills the queue (RFC 5722): no reply, and no 11/1 later (the queue is gone)
a = IP(f[0])
b = IP(raw(IP(src=MASTER, dst=NODE1, ttl=64, id=0x1001, flags="MF", frag=1000 // 8, proto=1) / Raw(DATA[:800])))
cases["overlap"] = {"in": [wire(a), wire(b), wire(IP(f[1]))], "out": {"k8s-node-1:ens160": []}, "after": 40}
# Not-ECT mixed with ECT(0): ip_frag_ecn_table says drop
e0 = IP(raw(IP(f[0])))
e0.tos = 2
del e0.chksum
cases["ecn_mix"] = {"in": [wire(IP(raw(e0))), wire(IP(f[1]))], "out": {"k8s-node-1:ens160": []}, "after": 40}

# the first fragment alone: 30 s later ICMP 11/1 from the address it was sent to
head = IP(f[0])
cases["timeout_plain"] = {
    "in": [wire(head)],
    "out": {"k8s-node-1:ens160": [from_node1(time_exceeded(NODE1, MASTER, head))]},
    "after": 31,
}
# the tail alone: nothing (ip_expire sends only when the offset-0 fragment came)
cases["timeout_no_head"] = {"in": [wire(IP(f[1]))], "out": {"k8s-node-1:ens160": []}, "after": 40}

# a pod's fragment to the node's address, tunnelled by its node: decapsulated on tunl0, queued;
# the 11/1 goes back through the tunnel (the oracle's `192.168.0.12 > 192.168.0.11 proto 4
# [IPIP 192.168.0.12 > 172.16.196.2] icmp 11/1`)
inner = IP(frags(echo(COREDNS, NODE1, 2000, 0x2002, ttl=63), 1480)[0])
err = time_exceeded(NODE1, COREDNS, inner)
cases["timeout_ipip_inner"] = {
    "in": [wire(ipip(MASTER, NODE1, inner))],
    "out": {"k8s-node-1:ens160": [from_node1(ipip(NODE1, MASTER, err, 0))], "k8s-node-1:tunl0": [raw(inner), raw(err)]},
    "after": 31,
}
# the same to tunl0's own address: the error comes from it
inner_t = IP(frags(echo(COREDNS, TUNL_N1, 2000, 0x2003, ttl=63), 1480)[0])
err_t = time_exceeded(TUNL_N1, COREDNS, inner_t)
cases["timeout_ipip_tunl0"] = {
    "in": [wire(ipip(MASTER, NODE1, inner_t))],
    "out": {"k8s-node-1:ens160": [from_node1(ipip(NODE1, MASTER, err_t, 0))], "k8s-node-1:tunl0": [raw(inner_t), raw(err_t)]},
    "after": 31,
}

# IPIP cut in two on its way (a smaller MTU on a router, inner DF clear): reassembled, then
# decapsulated and forwarded to the pod as one packet (an echo reply: the pod says nothing)
pkt = echo(POD_M1, POD_N1, 1300, 0x3003, ttl=63, type_=0)
outer = ipip(MASTER, NODE1, pkt, 0x6006)
fo = frags(outer, 900)
fwd = IP(raw(pkt))
fwd.ttl = 62
del fwd.chksum
cases["ipip_outer_fragments"] = {
    "in": [wire(IP(x)) for x in fo],
    "out": {
        "k8s-node-1:cali1b0be572c83": [raw(Ether(src=CALI, dst=POD_N1_MAC) / IP(raw(fwd)))],
        "k8s-node-1:tunl0": [raw(pkt)],
    },
    "after": 1,
}

# IPIP cut on its way whose inner packet is itself a first fragment: the outer datagram is
# reassembled and decapsulated, the inner fragment queued in another queue; 30 s on, 11/1
# about the inner one, back through the tunnel
inner_n = IP(frags(echo(COREDNS, NODE1, 2000, 0x2004, ttl=63), 1480)[0])
err_n = time_exceeded(NODE1, COREDNS, inner_n)
cases["nested_timeout"] = {
    "in": [wire(IP(x)) for x in frags(ipip(MASTER, NODE1, inner_n, 0x7007), 900)],
    "out": {"k8s-node-1:ens160": [from_node1(ipip(NODE1, MASTER, err_n, 0))], "k8s-node-1:tunl0": [raw(inner_n), raw(err_n)]},
    "after": 31,
}

# pieces that end past 65535 octets with the header: complete, then dropped (ip_frag_reasm);
# 45 fragments of 1480 octets, the last ending at 65544
big = []
for k in range(45):
    off = k * 1480
    n = 1480 if k < 44 else 65544 - off
    big.append(wire(IP(src=MASTER, dst=NODE1, ttl=64, id=0x0B16, flags="MF" if k < 44 else 0, frag=off // 8, proto=17) / Raw(bytes(n))))
cases["oversize"] = {"in": big, "out": {"k8s-node-1:ens160": []}, "after": 1}

print(json.dumps({k: {"in": [x.hex() for x in v["in"]], "out": {l: [x.hex() for x in fs] for l, fs in v["out"].items()}, "after": v["after"]}
                  for k, v in cases.items()}))
