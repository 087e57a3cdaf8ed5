// GENERATED from assembly/layout/*.ts by scripts/genLayout.ts (npm run asbuild): do not edit by hand.
// Every layout value by index, so the host can check its mirror (host/layout.ts LAYOUT_NAMES
// lists the names in the same order; test/layout compares them one by one).

import {
  LAYOUT_BASE, LAYOUT_MAGIC, LAYOUT_VERSION, CACHE_LINE, GH_MAGIC, GH_VERSION,
  GH_TOTAL_BYTES, GH_NODE_COUNT, GH_WORKERS, GH_INBOXES_PER_NODE, GH_NODE_TABLE, GH_INBOX_TABLE,
  GH_PORT_COUNT, GH_POD_DIR, GH_POD_DIR_MASK, GH_HOST_ENCAPS, POD_DIR_ENTRY, GH_SIZE,
  RING_SLOT_COUNT, RING_MASK, RING_SLOTS, RING_ID, RING_KIND, RING_SLOT_SIZE,
  RING_HEAD, RING_HEAD_SHADOW, RING_TAIL_CACHE, RING_TOUCHED, RING_TAIL, RING_HDR_SIZE,
  RING_KIND_POD_RX, RING_KIND_POD_TX, RING_KIND_INBOX, RING_KIND_EXTERNAL, RING_KIND_UPLINK_TX, SLOT_SIZE_MIN,
  SLOT_SIZE_MAX, SLOT_LEN, SLOT_OFF, SLOT_META, META_CONFIRM, SLOT_HDR_SIZE,
  SLOT_HEADROOM, SLOT_FRAME_SLACK, NODE_ID, NODE_WORKER, NODE_IP, NODE_TUNL0_IP,
  NODE_IF_TABLE, NODE_IF_COUNT, NODE_LPM_BASE, NODE_NH_TABLE, NODE_NH_COUNT, NODE_COUNTERS,
  NODE_IF_COUNTERS, NODE_IP_ID_SEQ, NODE_FLAGS, NODEF_CAPTURE, NODE_FLUSH_COUNT, NODE_FLUSH_LIST,
  NODE_INBOX_TABLE, NODE_INBOX_COUNT, NODE_SCRATCH0, NODE_SCRATCH1, NODE_SLOT_SIZE, NODE_TIMER_AT,
  NODE_TIMER_ARMED, NODE_OWN_ROUTES, NODE_PEERS, NODE_DAY_MS, NODE_LPM_GEN, NODE_REASM,
  NODE_IPVS_XMIT, NODE_IPVS_OPTS, NODE_LOOKUP_CACHE, LOOKUP_CACHE_SIZE, LOOKUP_CACHE_SHIFT, LOOKUP_CACHE_HASH,
  LOOKUP_CACHE_KEY0_EMPTY, NODE_FLOW_CACHE, FLOW_CACHE_SIZE, FLOW_CACHE_SHIFT, FLOW_SET_SHIFT, FLOW_CACHE_HASH,
  FLOW_WAY, FW_DST, FW_SRC, FW_IIF, FW_NH, FW_RING,
  FW_MTU, FW_OIF, FW_COUNTER, FW_OUTER_SUM, FW_HEADER, FW_OUTER_ADDRS,
  NODE_CTX_SIZE, FLUSH_MAX, OWN_BASE, OWN_SIZE, OWN_LOCAL_IP, OWN_LOCAL_NH,
  OWN_NH, OWN_MAX_SIZE, PT_NUMBER, PT_LOAD_MS, PT_SILENCE_MS, PT_HDR_SIZE,
  PEER_ADDR, PEER_RATE_LAST, PEER_N_REDIRECTS, PEER_LIVE, PEER_SIZE, PEER_CAPACITY,
  PT_SIZE, IF_KIND, IF_MTU, IF_IP, IF_FLAGS, IF_MAC,
  IF_PEER_MAC, IF_PEER_IP, IF_RX_RING, IF_TX_RING, IF_COUNTERS, IF_IFINDEX,
  IF_NEIGH, IF_INBOX_TABLE, IF_SIZE, IF_UPLINK, IF_TUNL0, IF_FIRST_CALI,
  IFK_UPLINK, IFK_TUNL, IFK_CALI, IFF_UP, IFF_FORWARDING, IFF_PROXY_ARP,
  IFF_CAPTURE_RX, IFF_CAPTURE_TX, IFF_NOARP, IFF_HOST_WIRE, IFF_PRESENT, CAPTURE_RX,
  CAPTURE_TX, NH_KIND, NH_OIF, NH_DST_MAC, NH_GW, NH_GW_HI,
  NH_GW_LO, NH_PMTU, NH_PMTU_EXPIRES, NH_LINK, NH_DST_NODE, NH_TUNNEL_NH,
  NH_OIF_MAX, NH_SIZE, NODE_EXTERNAL, NH_NONE, NHK_LOCAL, NHK_CALI,
  NHK_ONLINK_TUNL0, NHK_NEIGH, NHK_CONNECTED, NHK_BLACKHOLE, NHK_UNREACHABLE, NHK_PROHIBIT,
  NHK_NEIGH_ARP, NHK_BROADCAST, NC_RX, NC_TX_WIRE, NC_DELIVERED_POD, NC_DELIVERED_HOST,
  NC_CREATED_ICMP, NC_CREATED_ARP, NC_CREATED_FRAG, NC_FORWARDED, NC_ENCAP, NC_DECAP,
  NC_ICMP_ERRORS, NC_ECHO_REPLIES, NC_FRAGMENTED, NC_NEIGH_QUEUED, NC_NEIGH_RELEASED, NC_REDIRECTS,
  NC_REDIRECTS_LIMITED, NC_REASM_QUEUED, NC_REASM_RELEASED, NC_REASM_OKS, NC_CREATED_TCP, NC_DROP_BASE,
  NC_COUNT, IC_RX_PACKETS, IC_RX_BYTES, IC_TX_PACKETS, IC_TX_BYTES, IC_RX_DROPS,
  IC_TX_DROPS, IC_COUNT, DROP_ETH_TRUNCATED, DROP_ETH_NOT_FOR_US, DROP_ETH_UNKNOWN_TYPE, DROP_RX_OVER_MTU,
  DROP_ARP_MALFORMED, DROP_ARP_NOT_REQUEST, DROP_ARP_NO_PROXY, DROP_ARP_MARTIAN, DROP_IP_TRUNCATED, DROP_IP_BAD_VERSION,
  DROP_IP_BAD_IHL, DROP_IP_BAD_TOTAL_LEN, DROP_IP_BAD_CHECKSUM, DROP_IP_MARTIAN_SRC, DROP_IP_MARTIAN_DST, DROP_L2_BROADCAST,
  DROP_TTL_EXCEEDED, DROP_NO_ROUTE, DROP_BLACKHOLE, DROP_UNREACHABLE, DROP_PROHIBIT, DROP_FRAG_NEEDED,
  DROP_NEIGH_MISS, DROP_RING_FULL, DROP_TOO_BIG_FOR_SLOT, DROP_IPIP_INNER_MALFORMED, DROP_IPIP_ECN, DROP_IPIP_NO_TUNNEL,
  DROP_REASSEMBLY, DROP_FRAG_OPTIONS, DROP_IFACE_DOWN, DROP_NOT_FORWARDING, DROP_BAD_DESCRIPTOR, DROP_IP_BAD_OPTIONS,
  DROP_IP_SOURCE_ROUTE, DROP_RP_FILTER, DROP_CT_FULL, DROP_IPVS_NO_DEST, DROP_NAT_NO_PORT, DROP_NEIGH_QUEUE_FULL,
  DROP_NEIGH_FAILED, DROP_NEIGH_TABLE_FULL, DROP_IP_LOCAL_SRC, DROP_REASM_DUP, DROP_REASM_OVERLAP, DROP_REASM_INVALID,
  DROP_REASM_TIMEOUT, DROP_REASM_OVERSIZE, DROP_REASM_ECN, DROP_REASM_RUNS, DROP_COUNT, V_DONE,
  NODE_NOW_MS, NODE_VS_TABLE, NODE_VS_MASK, NODE_RS_TABLE, NODE_CT_TABLE, NODE_CT_MASK,
  NODE_CT_LIVE, VS_IP, VS_PORT, VS_PROTO, VS_FLAGS, VS_RS_FIRST,
  VS_RS_COUNT, VS_RR_NEXT, VS_PERSIST_MS, VS_NETMASK, VS_SIZE, VS_PROBE_MAX,
  VSF_USED, VSF_MASQ, VSF_PERSIST, RS_IP, RS_PORT, RS_SIZE,
  CT_SRC, CT_DST, CT_SPORT, CT_DPORT, CT_PROTO, CT_DIR,
  CT_STATE, CT_USED, CT_PEER, CT_EXPIRES, CT_RS, CT_VS,
  CT_CTL_UNTIL, CT_SIZE, CT_WAYS, CT_NONE, CT_DIR_ORIGINAL, CT_DIR_REPLY,
  CT_DIR_TEMPLATE, CTU_USED, CTU_CONTROLLED, CTPL_S_ASSURED, CTPL_REARMED, CTPL_REARM_MS,
  FTPPORT, CTS_NONE, CTS_ESTABLISHED, CTS_SYN_SENT, CTS_SYN_RECV, CTS_FIN_WAIT,
  CTS_TIME_WAIT, CTS_CLOSE, CTS_CLOSE_WAIT, CTS_LAST_ACK, CTS_LISTEN, CTS_SYNACK,
  CTS_UDP, CTS_COUNT, NT_CAPACITY, NT_IFACE, NT_BUCKETS, NT_BUCKET_MASK,
  NT_ENTRIES, NT_FREE, NT_QUEUE, NT_QUEUE_SLOTS, NT_QUEUE_FREE, NT_REACHABLE_TIME,
  NT_LAST_RAND, NT_RNG, NT_SLOT_SIZE, NT_ARP_FRAME, NT_SIZE, NE_IP,
  NE_MAC, NE_STATE, NE_PROBES, NE_DST_NODE, NE_NEXT, NE_CONFIRMED,
  NE_USED, NE_UPDATED, NE_TIMER, NE_Q_HEAD, NE_Q_TAIL, NE_Q_LEN,
  NE_OWNER, NE_OWNER_MAC, NE_FLAGS, NE_SIZE, NE_NONE, NEF_IN_USE,
  NEF_RESERVED, NEF_TIMER, NQ_NEXT, NQ_LEN, NQ_META, NUD_NONE,
  NUD_INCOMPLETE, NUD_REACHABLE, NUD_STALE, NUD_DELAY, NUD_PROBE, NUD_FAILED,
  NUD_NOARP, NUD_PERMANENT, NUD_IN_TIMER, NUD_VALID, NUD_CONNECTED, NEIGH_BASE_REACHABLE_MS,
  NEIGH_RETRANS_MS, NEIGH_DELAY_PROBE_MS, NEIGH_LOCKTIME_MS, NEIGH_RERAND_MS, NEIGH_MIN_TIMER_MS, NEIGH_UCAST_PROBES,
  NEIGH_MCAST_PROBES, NEIGH_UNRES_QLEN, RA_COUNT, RA_QUEUES, RA_BUFS, RA_HDR_SIZE,
  RQ_SADDR, RQ_DADDR, RQ_ID, RQ_PROTO, RQ_FLAGS, RQ_LEN,
  RQ_MEAT, RQ_EXPIRES, RQ_IIF, RQ_MAX_SIZE, RQ_MAX_DF_SIZE, RQ_ECN,
  RQ_HEAD_HL, RQ_HEAD_BCAST, RQ_RUN_COUNT, RQ_HEAD_META, RQ_TAIL_OFF, RQ_TAIL_LEN,
  RQ_LAST_RUN, RQ_HEAD_QUOTE, RQ_HEAD_OPTS, RQ_FRAGS, RQ_DONE_RX, RQ_BUF,
  RQ_RUNS, RQ_RUN_SIZE, RQ_RUNS_MAX, RQ_SIZE, RQF_LAST_IN, RQF_FIRST_IN,
  RQF_LIVE, RQF_DONE, REASM_DATA, REASM_DATA_MAX, REASM_BUF_SIZE, REASM_MAX_LEN,
  IPFRAG_TIME_MS, REASM_QUEUES_MAX,
} from '../layout';

/** The value of layout name number `i`; 0xFFFFFFFF past the end. */
export function layoutValue(i: i32): u32 {
  switch (i) {
    case 0: return <u32>LAYOUT_BASE;
    case 1: return <u32>LAYOUT_MAGIC;
    case 2: return <u32>LAYOUT_VERSION;
    case 3: return <u32>CACHE_LINE;
    case 4: return <u32>GH_MAGIC;
    case 5: return <u32>GH_VERSION;
    case 6: return <u32>GH_TOTAL_BYTES;
    case 7: return <u32>GH_NODE_COUNT;
    case 8: return <u32>GH_WORKERS;
    case 9: return <u32>GH_INBOXES_PER_NODE;
    case 10: return <u32>GH_NODE_TABLE;
    case 11: return <u32>GH_INBOX_TABLE;
    case 12: return <u32>GH_PORT_COUNT;
    case 13: return <u32>GH_POD_DIR;
    case 14: return <u32>GH_POD_DIR_MASK;
    case 15: return <u32>GH_HOST_ENCAPS;
    case 16: return <u32>POD_DIR_ENTRY;
    case 17: return <u32>GH_SIZE;
    case 18: return <u32>RING_SLOT_COUNT;
    case 19: return <u32>RING_MASK;
    case 20: return <u32>RING_SLOTS;
    case 21: return <u32>RING_ID;
    case 22: return <u32>RING_KIND;
    case 23: return <u32>RING_SLOT_SIZE;
    case 24: return <u32>RING_HEAD;
    case 25: return <u32>RING_HEAD_SHADOW;
    case 26: return <u32>RING_TAIL_CACHE;
    case 27: return <u32>RING_TOUCHED;
    case 28: return <u32>RING_TAIL;
    case 29: return <u32>RING_HDR_SIZE;
    case 30: return <u32>RING_KIND_POD_RX;
    case 31: return <u32>RING_KIND_POD_TX;
    case 32: return <u32>RING_KIND_INBOX;
    case 33: return <u32>RING_KIND_EXTERNAL;
    case 34: return <u32>RING_KIND_UPLINK_TX;
    case 35: return <u32>SLOT_SIZE_MIN;
    case 36: return <u32>SLOT_SIZE_MAX;
    case 37: return <u32>SLOT_LEN;
    case 38: return <u32>SLOT_OFF;
    case 39: return <u32>SLOT_META;
    case 40: return <u32>META_CONFIRM;
    case 41: return <u32>SLOT_HDR_SIZE;
    case 42: return <u32>SLOT_HEADROOM;
    case 43: return <u32>SLOT_FRAME_SLACK;
    case 44: return <u32>NODE_ID;
    case 45: return <u32>NODE_WORKER;
    case 46: return <u32>NODE_IP;
    case 47: return <u32>NODE_TUNL0_IP;
    case 48: return <u32>NODE_IF_TABLE;
    case 49: return <u32>NODE_IF_COUNT;
    case 50: return <u32>NODE_LPM_BASE;
    case 51: return <u32>NODE_NH_TABLE;
    case 52: return <u32>NODE_NH_COUNT;
    case 53: return <u32>NODE_COUNTERS;
    case 54: return <u32>NODE_IF_COUNTERS;
    case 55: return <u32>NODE_IP_ID_SEQ;
    case 56: return <u32>NODE_FLAGS;
    case 57: return <u32>NODEF_CAPTURE;
    case 58: return <u32>NODE_FLUSH_COUNT;
    case 59: return <u32>NODE_FLUSH_LIST;
    case 60: return <u32>NODE_INBOX_TABLE;
    case 61: return <u32>NODE_INBOX_COUNT;
    case 62: return <u32>NODE_SCRATCH0;
    case 63: return <u32>NODE_SCRATCH1;
    case 64: return <u32>NODE_SLOT_SIZE;
    case 65: return <u32>NODE_TIMER_AT;
    case 66: return <u32>NODE_TIMER_ARMED;
    case 67: return <u32>NODE_OWN_ROUTES;
    case 68: return <u32>NODE_PEERS;
    case 69: return <u32>NODE_DAY_MS;
    case 70: return <u32>NODE_LPM_GEN;
    case 71: return <u32>NODE_REASM;
    case 72: return <u32>NODE_IPVS_XMIT;
    case 73: return <u32>NODE_IPVS_OPTS;
    case 74: return <u32>NODE_LOOKUP_CACHE;
    case 75: return <u32>LOOKUP_CACHE_SIZE;
    case 76: return <u32>LOOKUP_CACHE_SHIFT;
    case 77: return <u32>LOOKUP_CACHE_HASH;
    case 78: return <u32>LOOKUP_CACHE_KEY0_EMPTY;
    case 79: return <u32>NODE_FLOW_CACHE;
    case 80: return <u32>FLOW_CACHE_SIZE;
    case 81: return <u32>FLOW_CACHE_SHIFT;
    case 82: return <u32>FLOW_SET_SHIFT;
    case 83: return <u32>FLOW_CACHE_HASH;
    case 84: return <u32>FLOW_WAY;
    case 85: return <u32>FW_DST;
    case 86: return <u32>FW_SRC;
    case 87: return <u32>FW_IIF;
    case 88: return <u32>FW_NH;
    case 89: return <u32>FW_RING;
    case 90: return <u32>FW_MTU;
    case 91: return <u32>FW_OIF;
    case 92: return <u32>FW_COUNTER;
    case 93: return <u32>FW_OUTER_SUM;
    case 94: return <u32>FW_HEADER;
    case 95: return <u32>FW_OUTER_ADDRS;
    case 96: return <u32>NODE_CTX_SIZE;
    case 97: return <u32>FLUSH_MAX;
    case 98: return <u32>OWN_BASE;
    case 99: return <u32>OWN_SIZE;
    case 100: return <u32>OWN_LOCAL_IP;
    case 101: return <u32>OWN_LOCAL_NH;
    case 102: return <u32>OWN_NH;
    case 103: return <u32>OWN_MAX_SIZE;
    case 104: return <u32>PT_NUMBER;
    case 105: return <u32>PT_LOAD_MS;
    case 106: return <u32>PT_SILENCE_MS;
    case 107: return <u32>PT_HDR_SIZE;
    case 108: return <u32>PEER_ADDR;
    case 109: return <u32>PEER_RATE_LAST;
    case 110: return <u32>PEER_N_REDIRECTS;
    case 111: return <u32>PEER_LIVE;
    case 112: return <u32>PEER_SIZE;
    case 113: return <u32>PEER_CAPACITY;
    case 114: return <u32>PT_SIZE;
    case 115: return <u32>IF_KIND;
    case 116: return <u32>IF_MTU;
    case 117: return <u32>IF_IP;
    case 118: return <u32>IF_FLAGS;
    case 119: return <u32>IF_MAC;
    case 120: return <u32>IF_PEER_MAC;
    case 121: return <u32>IF_PEER_IP;
    case 122: return <u32>IF_RX_RING;
    case 123: return <u32>IF_TX_RING;
    case 124: return <u32>IF_COUNTERS;
    case 125: return <u32>IF_IFINDEX;
    case 126: return <u32>IF_NEIGH;
    case 127: return <u32>IF_INBOX_TABLE;
    case 128: return <u32>IF_SIZE;
    case 129: return <u32>IF_UPLINK;
    case 130: return <u32>IF_TUNL0;
    case 131: return <u32>IF_FIRST_CALI;
    case 132: return <u32>IFK_UPLINK;
    case 133: return <u32>IFK_TUNL;
    case 134: return <u32>IFK_CALI;
    case 135: return <u32>IFF_UP;
    case 136: return <u32>IFF_FORWARDING;
    case 137: return <u32>IFF_PROXY_ARP;
    case 138: return <u32>IFF_CAPTURE_RX;
    case 139: return <u32>IFF_CAPTURE_TX;
    case 140: return <u32>IFF_NOARP;
    case 141: return <u32>IFF_HOST_WIRE;
    case 142: return <u32>IFF_PRESENT;
    case 143: return <u32>CAPTURE_RX;
    case 144: return <u32>CAPTURE_TX;
    case 145: return <u32>NH_KIND;
    case 146: return <u32>NH_OIF;
    case 147: return <u32>NH_DST_MAC;
    case 148: return <u32>NH_GW;
    case 149: return <u32>NH_GW_HI;
    case 150: return <u32>NH_GW_LO;
    case 151: return <u32>NH_PMTU;
    case 152: return <u32>NH_PMTU_EXPIRES;
    case 153: return <u32>NH_LINK;
    case 154: return <u32>NH_DST_NODE;
    case 155: return <u32>NH_TUNNEL_NH;
    case 156: return <u32>NH_OIF_MAX;
    case 157: return <u32>NH_SIZE;
    case 158: return <u32>NODE_EXTERNAL;
    case 159: return <u32>NH_NONE;
    case 160: return <u32>NHK_LOCAL;
    case 161: return <u32>NHK_CALI;
    case 162: return <u32>NHK_ONLINK_TUNL0;
    case 163: return <u32>NHK_NEIGH;
    case 164: return <u32>NHK_CONNECTED;
    case 165: return <u32>NHK_BLACKHOLE;
    case 166: return <u32>NHK_UNREACHABLE;
    case 167: return <u32>NHK_PROHIBIT;
    case 168: return <u32>NHK_NEIGH_ARP;
    case 169: return <u32>NHK_BROADCAST;
    case 170: return <u32>NC_RX;
    case 171: return <u32>NC_TX_WIRE;
    case 172: return <u32>NC_DELIVERED_POD;
    case 173: return <u32>NC_DELIVERED_HOST;
    case 174: return <u32>NC_CREATED_ICMP;
    case 175: return <u32>NC_CREATED_ARP;
    case 176: return <u32>NC_CREATED_FRAG;
    case 177: return <u32>NC_FORWARDED;
    case 178: return <u32>NC_ENCAP;
    case 179: return <u32>NC_DECAP;
    case 180: return <u32>NC_ICMP_ERRORS;
    case 181: return <u32>NC_ECHO_REPLIES;
    case 182: return <u32>NC_FRAGMENTED;
    case 183: return <u32>NC_NEIGH_QUEUED;
    case 184: return <u32>NC_NEIGH_RELEASED;
    case 185: return <u32>NC_REDIRECTS;
    case 186: return <u32>NC_REDIRECTS_LIMITED;
    case 187: return <u32>NC_REASM_QUEUED;
    case 188: return <u32>NC_REASM_RELEASED;
    case 189: return <u32>NC_REASM_OKS;
    case 190: return <u32>NC_CREATED_TCP;
    case 191: return <u32>NC_DROP_BASE;
    case 192: return <u32>NC_COUNT;
    case 193: return <u32>IC_RX_PACKETS;
    case 194: return <u32>IC_RX_BYTES;
    case 195: return <u32>IC_TX_PACKETS;
    case 196: return <u32>IC_TX_BYTES;
    case 197: return <u32>IC_RX_DROPS;
    case 198: return <u32>IC_TX_DROPS;
    case 199: return <u32>IC_COUNT;
    case 200: return <u32>DROP_ETH_TRUNCATED;
    case 201: return <u32>DROP_ETH_NOT_FOR_US;
    case 202: return <u32>DROP_ETH_UNKNOWN_TYPE;
    case 203: return <u32>DROP_RX_OVER_MTU;
    case 204: return <u32>DROP_ARP_MALFORMED;
    case 205: return <u32>DROP_ARP_NOT_REQUEST;
    case 206: return <u32>DROP_ARP_NO_PROXY;
    case 207: return <u32>DROP_ARP_MARTIAN;
    case 208: return <u32>DROP_IP_TRUNCATED;
    case 209: return <u32>DROP_IP_BAD_VERSION;
    case 210: return <u32>DROP_IP_BAD_IHL;
    case 211: return <u32>DROP_IP_BAD_TOTAL_LEN;
    case 212: return <u32>DROP_IP_BAD_CHECKSUM;
    case 213: return <u32>DROP_IP_MARTIAN_SRC;
    case 214: return <u32>DROP_IP_MARTIAN_DST;
    case 215: return <u32>DROP_L2_BROADCAST;
    case 216: return <u32>DROP_TTL_EXCEEDED;
    case 217: return <u32>DROP_NO_ROUTE;
    case 218: return <u32>DROP_BLACKHOLE;
    case 219: return <u32>DROP_UNREACHABLE;
    case 220: return <u32>DROP_PROHIBIT;
    case 221: return <u32>DROP_FRAG_NEEDED;
    case 222: return <u32>DROP_NEIGH_MISS;
    case 223: return <u32>DROP_RING_FULL;
    case 224: return <u32>DROP_TOO_BIG_FOR_SLOT;
    case 225: return <u32>DROP_IPIP_INNER_MALFORMED;
    case 226: return <u32>DROP_IPIP_ECN;
    case 227: return <u32>DROP_IPIP_NO_TUNNEL;
    case 228: return <u32>DROP_REASSEMBLY;
    case 229: return <u32>DROP_FRAG_OPTIONS;
    case 230: return <u32>DROP_IFACE_DOWN;
    case 231: return <u32>DROP_NOT_FORWARDING;
    case 232: return <u32>DROP_BAD_DESCRIPTOR;
    case 233: return <u32>DROP_IP_BAD_OPTIONS;
    case 234: return <u32>DROP_IP_SOURCE_ROUTE;
    case 235: return <u32>DROP_RP_FILTER;
    case 236: return <u32>DROP_CT_FULL;
    case 237: return <u32>DROP_IPVS_NO_DEST;
    case 238: return <u32>DROP_NAT_NO_PORT;
    case 239: return <u32>DROP_NEIGH_QUEUE_FULL;
    case 240: return <u32>DROP_NEIGH_FAILED;
    case 241: return <u32>DROP_NEIGH_TABLE_FULL;
    case 242: return <u32>DROP_IP_LOCAL_SRC;
    case 243: return <u32>DROP_REASM_DUP;
    case 244: return <u32>DROP_REASM_OVERLAP;
    case 245: return <u32>DROP_REASM_INVALID;
    case 246: return <u32>DROP_REASM_TIMEOUT;
    case 247: return <u32>DROP_REASM_OVERSIZE;
    case 248: return <u32>DROP_REASM_ECN;
    case 249: return <u32>DROP_REASM_RUNS;
    case 250: return <u32>DROP_COUNT;
    case 251: return <u32>V_DONE;
    case 252: return <u32>NODE_NOW_MS;
    case 253: return <u32>NODE_VS_TABLE;
    case 254: return <u32>NODE_VS_MASK;
    case 255: return <u32>NODE_RS_TABLE;
    case 256: return <u32>NODE_CT_TABLE;
    case 257: return <u32>NODE_CT_MASK;
    case 258: return <u32>NODE_CT_LIVE;
    case 259: return <u32>VS_IP;
    case 260: return <u32>VS_PORT;
    case 261: return <u32>VS_PROTO;
    case 262: return <u32>VS_FLAGS;
    case 263: return <u32>VS_RS_FIRST;
    case 264: return <u32>VS_RS_COUNT;
    case 265: return <u32>VS_RR_NEXT;
    case 266: return <u32>VS_PERSIST_MS;
    case 267: return <u32>VS_NETMASK;
    case 268: return <u32>VS_SIZE;
    case 269: return <u32>VS_PROBE_MAX;
    case 270: return <u32>VSF_USED;
    case 271: return <u32>VSF_MASQ;
    case 272: return <u32>VSF_PERSIST;
    case 273: return <u32>RS_IP;
    case 274: return <u32>RS_PORT;
    case 275: return <u32>RS_SIZE;
    case 276: return <u32>CT_SRC;
    case 277: return <u32>CT_DST;
    case 278: return <u32>CT_SPORT;
    case 279: return <u32>CT_DPORT;
    case 280: return <u32>CT_PROTO;
    case 281: return <u32>CT_DIR;
    case 282: return <u32>CT_STATE;
    case 283: return <u32>CT_USED;
    case 284: return <u32>CT_PEER;
    case 285: return <u32>CT_EXPIRES;
    case 286: return <u32>CT_RS;
    case 287: return <u32>CT_VS;
    case 288: return <u32>CT_CTL_UNTIL;
    case 289: return <u32>CT_SIZE;
    case 290: return <u32>CT_WAYS;
    case 291: return <u32>CT_NONE;
    case 292: return <u32>CT_DIR_ORIGINAL;
    case 293: return <u32>CT_DIR_REPLY;
    case 294: return <u32>CT_DIR_TEMPLATE;
    case 295: return <u32>CTU_USED;
    case 296: return <u32>CTU_CONTROLLED;
    case 297: return <u32>CTPL_S_ASSURED;
    case 298: return <u32>CTPL_REARMED;
    case 299: return <u32>CTPL_REARM_MS;
    case 300: return <u32>FTPPORT;
    case 301: return <u32>CTS_NONE;
    case 302: return <u32>CTS_ESTABLISHED;
    case 303: return <u32>CTS_SYN_SENT;
    case 304: return <u32>CTS_SYN_RECV;
    case 305: return <u32>CTS_FIN_WAIT;
    case 306: return <u32>CTS_TIME_WAIT;
    case 307: return <u32>CTS_CLOSE;
    case 308: return <u32>CTS_CLOSE_WAIT;
    case 309: return <u32>CTS_LAST_ACK;
    case 310: return <u32>CTS_LISTEN;
    case 311: return <u32>CTS_SYNACK;
    case 312: return <u32>CTS_UDP;
    case 313: return <u32>CTS_COUNT;
    case 314: return <u32>NT_CAPACITY;
    case 315: return <u32>NT_IFACE;
    case 316: return <u32>NT_BUCKETS;
    case 317: return <u32>NT_BUCKET_MASK;
    case 318: return <u32>NT_ENTRIES;
    case 319: return <u32>NT_FREE;
    case 320: return <u32>NT_QUEUE;
    case 321: return <u32>NT_QUEUE_SLOTS;
    case 322: return <u32>NT_QUEUE_FREE;
    case 323: return <u32>NT_REACHABLE_TIME;
    case 324: return <u32>NT_LAST_RAND;
    case 325: return <u32>NT_RNG;
    case 326: return <u32>NT_SLOT_SIZE;
    case 327: return <u32>NT_ARP_FRAME;
    case 328: return <u32>NT_SIZE;
    case 329: return <u32>NE_IP;
    case 330: return <u32>NE_MAC;
    case 331: return <u32>NE_STATE;
    case 332: return <u32>NE_PROBES;
    case 333: return <u32>NE_DST_NODE;
    case 334: return <u32>NE_NEXT;
    case 335: return <u32>NE_CONFIRMED;
    case 336: return <u32>NE_USED;
    case 337: return <u32>NE_UPDATED;
    case 338: return <u32>NE_TIMER;
    case 339: return <u32>NE_Q_HEAD;
    case 340: return <u32>NE_Q_TAIL;
    case 341: return <u32>NE_Q_LEN;
    case 342: return <u32>NE_OWNER;
    case 343: return <u32>NE_OWNER_MAC;
    case 344: return <u32>NE_FLAGS;
    case 345: return <u32>NE_SIZE;
    case 346: return <u32>NE_NONE;
    case 347: return <u32>NEF_IN_USE;
    case 348: return <u32>NEF_RESERVED;
    case 349: return <u32>NEF_TIMER;
    case 350: return <u32>NQ_NEXT;
    case 351: return <u32>NQ_LEN;
    case 352: return <u32>NQ_META;
    case 353: return <u32>NUD_NONE;
    case 354: return <u32>NUD_INCOMPLETE;
    case 355: return <u32>NUD_REACHABLE;
    case 356: return <u32>NUD_STALE;
    case 357: return <u32>NUD_DELAY;
    case 358: return <u32>NUD_PROBE;
    case 359: return <u32>NUD_FAILED;
    case 360: return <u32>NUD_NOARP;
    case 361: return <u32>NUD_PERMANENT;
    case 362: return <u32>NUD_IN_TIMER;
    case 363: return <u32>NUD_VALID;
    case 364: return <u32>NUD_CONNECTED;
    case 365: return <u32>NEIGH_BASE_REACHABLE_MS;
    case 366: return <u32>NEIGH_RETRANS_MS;
    case 367: return <u32>NEIGH_DELAY_PROBE_MS;
    case 368: return <u32>NEIGH_LOCKTIME_MS;
    case 369: return <u32>NEIGH_RERAND_MS;
    case 370: return <u32>NEIGH_MIN_TIMER_MS;
    case 371: return <u32>NEIGH_UCAST_PROBES;
    case 372: return <u32>NEIGH_MCAST_PROBES;
    case 373: return <u32>NEIGH_UNRES_QLEN;
    case 374: return <u32>RA_COUNT;
    case 375: return <u32>RA_QUEUES;
    case 376: return <u32>RA_BUFS;
    case 377: return <u32>RA_HDR_SIZE;
    case 378: return <u32>RQ_SADDR;
    case 379: return <u32>RQ_DADDR;
    case 380: return <u32>RQ_ID;
    case 381: return <u32>RQ_PROTO;
    case 382: return <u32>RQ_FLAGS;
    case 383: return <u32>RQ_LEN;
    case 384: return <u32>RQ_MEAT;
    case 385: return <u32>RQ_EXPIRES;
    case 386: return <u32>RQ_IIF;
    case 387: return <u32>RQ_MAX_SIZE;
    case 388: return <u32>RQ_MAX_DF_SIZE;
    case 389: return <u32>RQ_ECN;
    case 390: return <u32>RQ_HEAD_HL;
    case 391: return <u32>RQ_HEAD_BCAST;
    case 392: return <u32>RQ_RUN_COUNT;
    case 393: return <u32>RQ_HEAD_META;
    case 394: return <u32>RQ_TAIL_OFF;
    case 395: return <u32>RQ_TAIL_LEN;
    case 396: return <u32>RQ_LAST_RUN;
    case 397: return <u32>RQ_HEAD_QUOTE;
    case 398: return <u32>RQ_HEAD_OPTS;
    case 399: return <u32>RQ_FRAGS;
    case 400: return <u32>RQ_DONE_RX;
    case 401: return <u32>RQ_BUF;
    case 402: return <u32>RQ_RUNS;
    case 403: return <u32>RQ_RUN_SIZE;
    case 404: return <u32>RQ_RUNS_MAX;
    case 405: return <u32>RQ_SIZE;
    case 406: return <u32>RQF_LAST_IN;
    case 407: return <u32>RQF_FIRST_IN;
    case 408: return <u32>RQF_LIVE;
    case 409: return <u32>RQF_DONE;
    case 410: return <u32>REASM_DATA;
    case 411: return <u32>REASM_DATA_MAX;
    case 412: return <u32>REASM_BUF_SIZE;
    case 413: return <u32>REASM_MAX_LEN;
    case 414: return <u32>IPFRAG_TIME_MS;
    case 415: return <u32>REASM_QUEUES_MAX;
    default: return 0xffffffff;
  }
}
