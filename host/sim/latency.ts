// What each hop costs on the simulated clock. The numbers are a model of the seed's setup
// (two VMware VMs on one vSwitch, veth pairs inside each), chosen so that a cross-host
// busybox ping takes about what the seed measured (time=1.603 ms) and a same-host ping a
// few tens of microseconds; they are constants, so every run prints the same times.
//
//   pod: sendto ─POD_TX─► eth0 ─VETH─► cali rx ─┬─ FORWARD ─► tunl0 tx ─ENCAP─► ens160 tx ─WIRE─► peer ens160 rx
//                                               └─ FORWARD ─► cali tx ─VETH─► pod eth0 ─POD_RX─► socket
//   peer: ens160 rx ─DECAP─► tunl0 rx ─FORWARD─► cali tx ─VETH─► pod eth0 ─ECHO─► echo reply on eth0

import { NS_PER_US } from './clock.ts';

export interface LatencyModel {
  /** Pod process → its eth0 (syscall, IP output, qdisc). */
  podTx: number;
  /** Pod eth0 → the process's socket (softirq, raw socket queue, wakeup). */
  podRx: number;
  /** A pod kernel answering: ICMP echo request in → echo reply out, ARP request in → reply out. */
  podAnswer: number;
  /** Across a veth pair (either direction). */
  veth: number;
  /** Node: routing decision to the egress device (ip_forward, ARP reply, ICMP error). */
  forward: number;
  /** Node: IPIP encapsulation, tunl0 → ens160. */
  encap: number;
  /** Node: IPIP decapsulation, ens160 → tunl0. */
  decap: number;
  /** ens160 → peer node's ens160 (vmxnet3 + vSwitch + the peer's interrupt). */
  wire: number;
}

export const DEFAULT_LATENCY: Readonly<LatencyModel> = Object.freeze({
  podTx: 14 * NS_PER_US,
  podRx: 11 * NS_PER_US,
  podAnswer: 21 * NS_PER_US,
  veth: 3 * NS_PER_US,
  forward: 9 * NS_PER_US,
  encap: 4 * NS_PER_US,
  decap: 5 * NS_PER_US,
  wire: 695 * NS_PER_US,
});
