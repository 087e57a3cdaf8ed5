// A packet's walk through the cluster, hop by hop, as the diagram draws it. A walk is made from
// frames captured by the dataplane at each interface (fromCaptures.ts), never computed on the
// side: the diagram shows what the forwarding engine did.

import type { LinkKind } from '../capture/pcap.ts';

export interface Ip4Header {
  src: string;
  dst: string;
  ttl: number;
  id: number;
  df: boolean;
  proto: number;
  totalLen: number;
  tos: number;
}

export interface FrameHeaders {
  eth?: { src: string; dst: string; etherType: number };
  /** Outer header of an IPIP packet (proto 4); absent otherwise. */
  outer?: Ip4Header;
  /** The (inner) IPv4 header. */
  ip?: Ip4Header;
  icmp?: { type: number; code: number; id: number; seq: number };
}

export type Direction = 'tx' | 'rx';

export interface WalkHop {
  /** 1-based position in the walk. */
  step: number;
  /** Node name, or pod name for an interface inside a pod's namespace. */
  host: string;
  iface: string;
  direction: Direction;
  linkType: LinkKind;
  headers: FrameHeaders;
  /** What happened between the previous hop and this one (route matched, encap, decap, TTL). */
  notes: string[];
  /** The frame as `tcpdump -i <iface> -e -nnv` prints it (without timestamp). */
  summary: string[];
}

export interface Walk {
  from: string; // pod name
  to: string; // destination IP
  hops: WalkHop[];
  /** One line: where the packet ended (delivered to a pod's eth0, or last seen where). */
  outcome: string;
}

/** One frame seen by a capture hook, in the order the dataplane produced them. */
export interface CapturedFrame {
  host: string;
  iface: string;
  direction: Direction;
  linkType: LinkKind;
  frame: Uint8Array;
}
