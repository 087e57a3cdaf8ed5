// Twin of assembly/local.ts: delivery to the host stack, ICMP echo answered as Linux does.
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ICMP from './wire/icmp.ts';
import { type IcmpFns } from './wire/icmp.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { OutputFns } from './output.ts';
import * as ICMPERROR from './icmpError.ts';
import type { PmtuFns } from './tunnel/pmtu.ts';

export function localFns(h: Heap, d: {
  ipv4: Ipv4Fns; icmp: IcmpFns; counters: CountersFns; context: ContextFns; output: OutputFns; pmtu: PmtuFns;
}) {
  const { NH_NONE, NC_DELIVERED_HOST, NC_CREATED_ICMP, NC_ECHO_REPLIES, DROP_REASSEMBLY, DROP_NO_ROUTE } = L;
  const { IPV4_HDR_LEN, IPPROTO_ICMP, IPV4_BROADCAST } = IPV4;
  const { ICMP_HDR_LEN, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_TYPE, ICMP_DEST_UNREACH } = ICMP;
  const { ICMP_ERROR_TTL } = ICMPERROR;
  const { U8 } = h;
  const {
    ipv4HeaderLen, ipv4IsFragment, ipv4Proto, ipv4Src, ipv4Dst, ipv4Tos, ipv4PutVersionIhl, ipv4PutTos,
    ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl, ipv4PutProto, ipv4PutSrc, ipv4PutDst,
    ipv4PutChecksum,
  } = d.ipv4;
  const { icmpType, icmpChecksumOk, icmpFillChecksum } = d.icmp;
  const { countNode, dropRx, dropNode } = d.counters;
  const { routeLookup, nextIpId } = d.context;
  const { ipOutput } = d.output;
  const { ipipErr } = d.pmtu;

  function localDeliver(ctx: number, inIf: number, ip: number, tl: number, meta: number): void {
    if (ipv4IsFragment(ip)) {
      dropRx(ctx, inIf, DROP_REASSEMBLY);
      return;
    }
    countNode(ctx, NC_DELIVERED_HOST);
    const hl = ipv4HeaderLen(ip);
    const icmpLen = tl - hl;
    if (ipv4Proto(ip) !== IPPROTO_ICMP || icmpLen < ICMP_HDR_LEN || ipv4Dst(ip) === IPV4_BROADCAST) return;
    if (icmpType(ip + hl) === ICMP_DEST_UNREACH) {
      ipipErr(ctx, ip + hl, icmpLen);
      return;
    }
    if (icmpType(ip + hl) !== ICMP_ECHO || !icmpChecksumOk(ip + hl, icmpLen)) return;
    const src = ipv4Dst(ip);
    const dst = ipv4Src(ip);
    const tos = ipv4Tos(ip);
    if (hl !== IPV4_HDR_LEN) U8.copyWithin(ip + IPV4_HDR_LEN, ip + hl, ip + hl + icmpLen);
    ipv4PutChecksum(ip, ipv4PutVersionIhl(ip)
      + ipv4PutTos(ip, tos)
      + ipv4PutTotalLen(ip, IPV4_HDR_LEN + icmpLen)
      + ipv4PutId(ip, nextIpId(ctx))
      + ipv4PutFlagsFrag(ip, 0)
      + ipv4PutTtl(ip, ICMP_ERROR_TTL)
      + ipv4PutProto(ip, IPPROTO_ICMP)
      + ipv4PutSrc(ip, src)
      + ipv4PutDst(ip, dst));
    U8[ip + IPV4_HDR_LEN + ICMP_TYPE] = ICMP_ECHO_REPLY;
    icmpFillChecksum(ip + IPV4_HDR_LEN, icmpLen);
    countNode(ctx, NC_CREATED_ICMP);
    countNode(ctx, NC_ECHO_REPLIES);
    const nh = routeLookup(ctx, dst);
    if (nh === NH_NONE) dropNode(ctx, DROP_NO_ROUTE);
    else ipOutput(ctx, ip, IPV4_HDR_LEN + icmpLen, nh, meta);
  }
  return { localDeliver };
}
export type LocalFns = ReturnType<typeof localFns>;
