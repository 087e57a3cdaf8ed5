// The errors a pod's sockets report, with the text glibc's strerror gives them: what busybox
// prints after its own message (bb_perror_msg).

export type Errno =
  | 'ECONNREFUSED' | 'ECONNRESET' | 'ETIMEDOUT' | 'ENETUNREACH' | 'EHOSTUNREACH' | 'EHOSTDOWN'
  | 'ENONET' | 'ENOPROTOOPT' | 'EOPNOTSUPP' | 'EPROTO' | 'EMSGSIZE';

export const STRERROR: Readonly<Record<Errno, string>> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host',
  EHOSTDOWN: 'Host is down',
  ENONET: 'Machine is not on the network',
  ENOPROTOOPT: 'Protocol not available',
  EOPNOTSUPP: 'Operation not supported',
  EPROTO: 'Protocol error',
  EMSGSIZE: 'Message too long',
};

/** icmp_err_convert (net/ipv4/icmp.c): the errno of each ICMP_DEST_UNREACH code 0..15. */
export const DEST_UNREACH_ERRNO: readonly Errno[] = [
  'ENETUNREACH', 'EHOSTUNREACH', 'ENOPROTOOPT', 'ECONNREFUSED', 'EMSGSIZE', 'EOPNOTSUPP',
  'ENETUNREACH', 'EHOSTDOWN', 'ENONET', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETUNREACH',
  'EHOSTUNREACH', 'EHOSTUNREACH', 'EHOSTUNREACH', 'EHOSTUNREACH',
];
