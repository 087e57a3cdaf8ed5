// Address ranges no pod can be given, so no IP pool may cover any part of them (an IPAM block
// hands out every address it holds, the first one to tunl0). Each entry says whose rule it is:
//   - 169.254.0.0/16: Calico's own. libcalico-go refuses such a pool (lib/validator/v3
//     validateIPPoolSpec and lib/clientv3/ippool.go validateAndSetDefaults: "IPPool CIDR
//     overlaps with IPv4 Link Local range 169.254.0.0/16"); every pod's gateway is 169.254.1.1.
//   - the rest: Linux (net/ipv4/route.c). A pod with such an address can send nothing: output
//     refuses a zeronet, multicast or limited-broadcast source (ip_route_output_key_hash_rcu,
//     -EINVAL) and a loopback source on a device other than lo (__mkroute_output, without
//     route_localnet, which a pod's eth0 does not set); a node receiving one drops it as a
//     martian source (ip_route_input_slow).
// 240.0.0.0/4 other than 255.255.255.255 is not here: Linux has routed it as unicast since 2.6.25
// ("[IPV4]: Enable use of 240/4 address space"), and Calico accepts it.

import { cidrOverlaps, formatCidr, parseCidr, type Cidr } from '../net/addr.ts';

interface Reserved {
  cidr: Cidr;
  what: string;
}

const RESERVED: readonly Reserved[] = [
  ['0.0.0.0/8', '"this network" (Linux never sends from or routes to it)'],
  ['127.0.0.0/8', 'the loopback range (Linux sends from it only on lo)'],
  ['169.254.0.0/16', 'the IPv4 link-local range (Calico refuses it: pods route via 169.254.1.1)'],
  ['224.0.0.0/4', 'the multicast range (never a unicast source on Linux)'],
  ['255.255.255.255/32', 'the limited broadcast address'],
].map(([text, what]) => ({ cidr: parseCidr(text) as Cidr, what }));

/** `overlaps <range>, <what it is>` for the first reserved range `c` overlaps, else null. */
export function reservedOverlap(c: Cidr): string | null {
  const r = RESERVED.find((x) => cidrOverlaps(x.cidr, c));
  return r ? `overlaps ${formatCidr(r.cidr)}, ${r.what}` : null;
}
