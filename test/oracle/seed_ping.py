#!/usr/bin/python3
# Expected frames for the seed's cross-host ping, built with scapy (an oracle nobody here
# wrote): busybox-77649b9c55-r6bx9 (172.16.196.1, k8s-master-1) pings
# busybox-77649b9c55-7d27b (172.16.109.65, k8s-node-1), and the reply comes back.
# Values from the seed's captures: inner IP ID 24637 DF (request), 383 no DF (reply);
# ICMP id 43 seq 0; outer IDs 55134 (master, DF) and 16578 (node-1, no DF); TTLs 64/63/62.
# Prints one JSON object of hex strings. Run with Debian's /usr/bin/python3 (python3-scapy).
import json, sys
from scapy.all import Ether, IP, ICMP, ARP, Raw

MASTER_MAC, NODE1_MAC = "00:0c:29:b1:02:f0", "00:0c:29:90:fa:e2"
VETH_MAC = "ee:ee:ee:ee:ee:ee"
POD_A_MAC = "86:9c:03:9e:db:9f"  # r6bx9 eth0, from the seed's `ip addr`
POD_B_MAC = sys.argv[1]  # 7d27b eth0: the seed never prints it; the cluster model derives it
A, B = "172.16.196.1", "172.16.109.65"
N0, N1 = "192.168.0.11", "192.168.0.12"
DATA = Raw(bytes(56))  # busybox: 56 data bytes (their content is not in the seed: zeros)

def inner(src, dst, ttl, ident, flags, itype):
    return IP(src=src, dst=dst, ttl=ttl, id=ident, flags=flags, tos=0) / ICMP(type=itype, id=43, seq=0) / DATA

def hx(p):
    return bytes(p).hex()

out = {
    # request
    "req_pod_eth0": hx(Ether(src=POD_A_MAC, dst=VETH_MAC) / inner(A, B, 64, 24637, "DF", 8)),
    "req_tunl0": hx(inner(A, B, 63, 24637, "DF", 8)),
    "req_ens160": hx(Ether(src=MASTER_MAC, dst=NODE1_MAC) / IP(src=N0, dst=N1, ttl=63, id=55134, flags="DF", proto=4, tos=0) / inner(A, B, 63, 24637, "DF", 8)),
    "req_remote_pod": hx(Ether(src=VETH_MAC, dst=POD_B_MAC) / inner(A, B, 62, 24637, "DF", 8)),
    # reply
    "rep_pod_eth0": hx(Ether(src=POD_B_MAC, dst=VETH_MAC) / inner(B, A, 64, 383, 0, 0)),
    "rep_tunl0": hx(inner(B, A, 63, 383, 0, 0)),
    "rep_ens160": hx(Ether(src=NODE1_MAC, dst=MASTER_MAC) / IP(src=N1, dst=N0, ttl=63, id=16578, flags=0, proto=4, tos=0) / inner(B, A, 63, 383, 0, 0)),
    "rep_remote_pod": hx(Ether(src=VETH_MAC, dst=POD_A_MAC) / inner(B, A, 62, 383, 0, 0)),
}
# proxy ARP: the pod asks for its gateway 169.254.1.1 (reply fields: arp_process/arp_send in net/ipv4/arp.c)
out["arp_req"] = hx(Ether(src=POD_A_MAC, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=POD_A_MAC, psrc=A, hwdst="00:00:00:00:00:00", pdst="169.254.1.1"))
out["arp_rep"] = hx(Ether(src=VETH_MAC, dst=POD_A_MAC) / ARP(op=2, hwsrc=VETH_MAC, psrc="169.254.1.1", hwdst=POD_A_MAC, pdst=A))
print(json.dumps(out))
