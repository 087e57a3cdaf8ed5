// Name tables copied in content (not code) from tcpdump 4.99's ipproto.c and ethertype.h, so the
// "proto X (n)" and "ethertype X (0x....)" fields read as tcpdump prints them.

const IP_PROTO_NAMES: Record<number, string> = {
  0: 'Options', 1: 'ICMP', 2: 'IGMP', 4: 'IPIP', 6: 'TCP', 8: 'EGP', 9: 'IGRP', 17: 'UDP', 33: 'DCCP', 41: 'IPv6',
  43: 'Routing', 44: 'Fragment', 46: 'RSVP', 47: 'GRE', 50: 'ESP', 51: 'AH', 55: 'Mobile IP', 58: 'ICMPv6',
  59: 'IPv6-NoNxt', 60: 'IPv6-DstOpts', 62: 'Mobile IP (old)', 88: 'EIGRP', 89: 'OSPF', 103: 'PIM',
  108: 'Compressed IP', 112: 'VRRP', 113: 'PGM', 132: 'SCTP', 135: 'Mobility', 143: 'Ethernet',
};

export function ipProtoName(p: number): string {
  return IP_PROTO_NAMES[p] ?? 'unknown';
}

const ETHERTYPE_NAMES: Record<number, string> = {
  0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6', 0x8100: '802.1Q', 0x88a8: '802.1Q-QinQ', 0x9100: '802.1Q-9100',
  0x9200: '802.1Q-9200', 0x8035: 'Reverse ARP', 0x9000: 'Loopback', 0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast',
  0x8863: 'PPPoE D', 0x8864: 'PPPoE S', 0x888e: 'EAPOL', 0x88cc: 'LLDP', 0x88e5: 'MACsec', 0x8809: 'Slow Protocols',
  0x88f7: 'PTP', 0x8902: 'CFM', 0x6558: 'Transparent Ethernet Bridging', 0x8137: 'IPX', 0x809b: 'Appletalk',
  0x80f3: 'Appletalk ARP', 0x6003: 'DN', 0x6004: 'LAT', 0x0200: 'PUP', 0x8808: 'MPCP', 0x880b: 'PPP', 0x8819: 'CobraNet',
  0x88bb: 'LWAPP', 0x88c7: 'EAPOL Pre-Authentication', 0x8903: 'FCoE', 0x8914: 'FCoE Initialization Protocol',
  0x22f3: 'TRILL', 0x88a2: 'AoE', 0x893a: 'IEEE1905.1', 0x8915: 'RoCE',
};

/** Name tcpdump prints after "ethertype"; undecoded ones still get their name here. */
export function etherTypeName(t: number): string {
  return ETHERTYPE_NAMES[t] ?? 'Unknown';
}
