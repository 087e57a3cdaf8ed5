"""The oracle's own frame decoder: a frame as an ordered list of (field, value), written with
struct from the RFCs, not with the project's TypeScript decoder (compare.py explains which values
are normalised and why). Ethernet (and an 802.1Q tag), ARP, IPv4 with its options, ICMP (errors:
the quoted packet decoded again), IPIP (the inner packet decoded again), UDP, TCP, other bytes.
"""
import struct


def csum(b):
    if len(b) % 2:
        b = b + b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


MS_PER_DAY = 86400000


def clock(b):
    """A 32-bit clock value (ms since midnight UTC, RFC 791/792): host history, shown as 'ms' when
    it is one (below 86 400 000 ms; the high bit marks a non-standard value, kept as it is)."""
    v = struct.unpack('!I', b)[0]
    return 'ms' if v < MS_PER_DAY else b.hex()


def options(o):
    """IP options as hex, the clock values of a timestamp option's filled slots (those before its
    pointer) shown as [ms]: the pointer, overflow, flags, addresses and which slots are filled
    are still compared."""
    out, i = [], 0
    while i < len(o):
        t = o[i]
        if t in (0, 1):  # EOL, NOP
            out.append('%02x' % t)
            i += 1
            continue
        if i + 1 >= len(o) or o[i + 1] < 2 or i + o[i + 1] > len(o):  # malformed: the rest as it is
            out.append(o[i:].hex())
            break
        n = o[i + 1]
        if t == 68 and n >= 4:
            ptr, fl = o[i + 2], o[i + 3] & 15
            step, at = (4, 0) if fl == 0 else (8, 4)
            out.append(o[i:i + 4].hex())
            k = i + 4
            while k + step <= i + n:
                slot = o[k:k + step]
                if k - i + 1 < ptr:  # filled
                    out.append(slot[:at].hex() + '[' + clock(slot[at:at + 4]) + ']')
                else:
                    out.append(slot.hex())
                k += step
            out.append(o[k:i + n].hex())
        else:
            out.append(o[i:i + n].hex())
        i += n
    return ''.join(out)


def mac(b): return ':'.join('%02x' % x for x in b)
def ip4(b): return '.'.join(str(x) for x in b)


class Csum:
    """A checksum: its value, whether it verifies, and the bytes it covers (checksum zeroed)."""
    def __init__(self, raw, valid, cover):
        self.raw, self.valid, self.cover = raw, valid, cover
    def show(self): return '0x%04x(%s)' % (self.raw, 'ok' if self.valid else 'bad')


class Id:
    """A value that is host history: compared through a one-to-one correspondence. A zero must
    be a zero (a DF packet from an unconnected socket gets ID 0: ip_select_ident_segs), unless
    `any_zero`: an IPv4 ID drawn from the hashed counters, where 0 is a value like any other:
    a packet without DF (an ICMP error, whose socket never sets it: __ip_select_ident) and a
    tunnel's outer header whatever DF says (iptunnel_xmit → __ip_select_ident)."""
    def __init__(self, space, raw, any_zero=False):
        self.space, self.raw, self.any_zero = space, raw, any_zero
    def show(self): return '%d' % self.raw


class Rel:
    """A TCP sequence or acknowledgement number as (the connection's initial sequence number,
    offset): the ISN is host history (compared through a correspondence), the offset is not."""
    def __init__(self, isn, off):
        self.isn, self.off = isn, off
    def show(self): return 'ISN(%d)+%d' % (self.isn, self.off)


class TcpHistory:
    """What the Service scenarios normalise as host history: initial sequence numbers (learnt
    from the SYNs of a first pass over every interface), TCP timestamp values (the echo's being
    zero or not is kept), and ephemeral ports (every port that is not a Service's)."""
    def __init__(self, fixed_ports):
        self.fixed = set(fixed_ports)
        self.isns = set()
        self.collect = True

    def port(self, p):
        return p if p in self.fixed or p < 1024 else Id('port', p)

    def seq(self, v):
        for b in self.isns:
            off = (v - b) & 0xffffffff
            if off < 1 << 24:
                return Rel(b, off)
        return v

    def options(self, o):
        out, i = [], 0
        while i < len(o):
            k = o[i]
            if k in (0, 1):
                out.append('EOL' if k == 0 else 'NOP')
                i += 1
                continue
            n = o[i + 1] if i + 1 < len(o) else 0
            if n < 2 or i + n > len(o):
                out.append('bad:' + o[i:].hex())
                break
            if k == 8 and n == 10:
                ecr = struct.unpack('!I', o[i + 6:i + 10])[0]
                out.append('TS(val,ecr%s)' % ('=0' if ecr == 0 else ''))
            else:
                out.append('%d:%s' % (k, o[i + 2:i + n].hex()))
            i += n
        return ' '.join(out)


class Decoder:
    def __init__(self, ping, tcp=None):
        self.ping = ping  # busybox's clock in echo data
        self.tcp = tcp  # a TcpHistory: the Service scenarios' normalisation

    def frame(self, f, linktype):
        out = []
        if linktype == 1:
            if len(f) < 14:
                out.append(('eth.truncated', f.hex()))
                return out
            out += [('eth.dst', mac(f[0:6])), ('eth.src', mac(f[6:12])), ('frame.len', len(f))]
            et, b = struct.unpack('!H', f[12:14])[0], f[14:]
            if et == 0x8100 and len(b) >= 4:
                out.append(('eth.vlan', '0x%04x' % struct.unpack('!H', b[0:2])[0]))
                et, b = struct.unpack('!H', b[2:4])[0], b[4:]
            out.append(('eth.type', '0x%04x' % et))
            if et == 0x0806:
                self.arp(b, out)
            elif et == 0x0800:
                self.ip(b, 'ip.', out, False)
            else:
                out.append(('eth.payload', b.hex()))
        else:
            out.append(('frame.len', len(f)))
            self.ip(f, 'ip.', out, False)
        return out

    def arp(self, b, out):
        if len(b) < 8:
            out.append(('arp.truncated', b.hex()))
            return
        ht, pt, hl, pl, op = struct.unpack('!HHBBH', b[:8])
        out += [('arp.htype', ht), ('arp.ptype', '0x%04x' % pt), ('arp.hlen', hl), ('arp.plen', pl), ('arp.op', op)]
        n = 8 + 2 * (hl + pl)
        if hl == 6 and pl == 4 and len(b) >= 28:
            out += [('arp.sha', mac(b[8:14])), ('arp.spa', ip4(b[14:18])), ('arp.tha', mac(b[18:24])), ('arp.tpa', ip4(b[24:28]))]
        else:
            out.append(('arp.addresses', b[8:n].hex()))
        if len(b) > n:
            out.append(('arp.trailer', b[n:].hex()))

    def ip(self, b, pre, out, quoted):
        F = out.append
        if len(b) < 20:
            F((pre + 'truncated', b.hex()))
            return
        v, tos, tlen, iid, frag, ttl, proto, ck = struct.unpack('!BBHHHBBH', b[:12])
        ihl = (v & 15) * 4
        src, dst = ip4(b[12:16]), ip4(b[16:20])
        F((pre + 'version', v >> 4)); F((pre + 'ihl', ihl)); F((pre + 'tos', '0x%02x' % tos))
        F((pre + 'len', tlen)); F((pre + 'id', Id('ipid ' + src, iid, proto == 4 or not frag & 0x4000)))
        F((pre + 'flags', '+'.join(n for bit, n in ((0x8000, 'RF'), (0x4000, 'DF'), (0x2000, 'MF')) if frag & bit) or 'none'))
        F((pre + 'offset', (frag & 0x1fff) * 8)); F((pre + 'ttl', ttl)); F((pre + 'proto', proto))
        if v >> 4 != 4 or ihl < 20 or len(b) < ihl:
            F((pre + 'raw', b[12:].hex()))
            return
        hdr = bytearray(b[:ihl]); hdr[10:12] = b'\0\0'
        F((pre + 'csum', Csum(ck, csum(b[:ihl]) == 0, bytes(hdr))))
        F((pre + 'src', src)); F((pre + 'dst', dst))
        if ihl > 20:
            F((pre + 'options', options(b[20:ihl])))
        end = tlen if ihl <= tlen <= len(b) else len(b)
        if not quoted and len(b) != tlen:
            F((pre + 'bytes-after-header', len(b)))
            if len(b) > tlen >= ihl:
                F((pre + 'trailer', b[tlen:].hex()))
        pl = b[ihl:end]
        if frag & 0x1fff:
            F((pre + 'data', pl.hex()))
            return
        whole = not (frag & 0x2000) and end == tlen
        pseudo = b[12:20] + struct.pack('!BBH', 0, proto, len(pl))
        if proto == 1:
            self.icmp(pl, pre + 'icmp.', out, whole and not quoted)
        elif proto == 4:
            self.ip(pl, pre + 'in.', out, quoted)
        elif proto == 17 and len(pl) >= 8:
            sp, dp, ln, uc = struct.unpack('!HHHH', pl[:8])
            if self.tcp:
                F((pre + 'udp.sport', self.tcp.port(sp))); F((pre + 'udp.dport', self.tcp.port(dp)))
            else:
                F((pre + 'udp.ports', '%d>%d' % (sp, dp)))
            F((pre + 'udp.len', ln))
            cover = bytearray(pseudo + pl); cover[len(pseudo) + 6:len(pseudo) + 8] = b'\0\0'
            F((pre + 'udp.csum', Csum(uc, uc == 0 or (whole and csum(pseudo + pl) == 0), bytes(cover))))
            F((pre + 'udp.data', pl[8:].hex()))
        elif proto == 6 and len(pl) >= 20:
            sp, dp, seq, ack, off, fl, win, tc = struct.unpack('!HHIIBBHH', pl[:18])
            h = self.tcp
            if h and h.collect and fl & 0x02:
                h.isns.add(seq)
            if h:
                F((pre + 'tcp.sport', h.port(sp))); F((pre + 'tcp.dport', h.port(dp)))
                F((pre + 'tcp.seq', h.seq(seq))); F((pre + 'tcp.ack', h.seq(ack) if fl & 0x10 else ack))
            else:
                F((pre + 'tcp.ports', '%d>%d' % (sp, dp))); F((pre + 'tcp.seq', seq)); F((pre + 'tcp.ack', ack))
            F((pre + 'tcp.flags', '0x%02x' % fl)); F((pre + 'tcp.win', win))
            cover = bytearray(pseudo + pl); cover[len(pseudo) + 16:len(pseudo) + 18] = b'\0\0'
            ok = whole and csum(pseudo + pl) == 0
            if h and not ok and whole and tc == (~csum(pseudo)) & 0xffff:
                # CHECKSUM_PARTIAL: a veth carries the sender's segment with only the
                # pseudo-header's sum in place (tcp_v4_send_check), for the receiver to finish
                ok = True
            F((pre + 'tcp.csum', Csum(tc, ok, bytes(cover))))
            if h:
                doff = (off >> 4) * 4
                F((pre + 'tcp.hlen', doff))
                F((pre + 'tcp.urg', pl[18:20].hex()))
                F((pre + 'tcp.options', h.options(pl[20:doff])))
                F((pre + 'tcp.data', pl[doff:].hex()))
            else:
                F((pre + 'tcp.rest', pl[18:].hex()))
        else:
            F((pre + 'payload', pl.hex()))

    def icmp(self, b, pre, out, complete):
        F = out.append
        if len(b) < 4:
            F((pre + 'truncated', b.hex()))
            return
        t, c, ck = struct.unpack('!BBH', b[:4])
        F((pre + 'type', '%d/%d' % (t, c)))
        cover = bytearray(b); cover[2:4] = b'\0\0'
        F((pre + 'csum', Csum(ck, complete and csum(b) == 0, bytes(cover))))
        if len(b) < 8:
            F((pre + 'rest', b[4:].hex()))
            return
        if t in (0, 8):
            i, s = struct.unpack('!HH', b[4:8])
            F((pre + 'echo.id', Id('echo', i))); F((pre + 'echo.seq', s))
            d = b[8:]
            F((pre + 'echo.data', ('TS+' + d[4:].hex()) if self.ping and len(d) >= 4 else d.hex()))
        elif t in (3, 4, 5, 11, 12):
            F((pre + 'rest', b[4:8].hex()))
            F((pre + 'quoted.len', len(b) - 8))
            self.ip(b[8:], pre + 'q.', out, True)
        elif t == 14 and len(b) >= 20:  # timestamp reply: receive and transmit are the clock
            F((pre + 'rest', b[4:12].hex() + '[' + clock(b[12:16]) + '][' + clock(b[16:20]) + ']' + b[20:].hex()))
        else:
            F((pre + 'rest', b[4:].hex()))


def summary(fields):
    d = dict(fields)
    if 'arp.op' in d:
        return 'ARP op %s %s > %s' % (d['arp.op'], d.get('arp.spa', '?'), d.get('arp.tpa', '?'))
    if 'ip.src' not in d:
        return 'eth type %s len %s' % (d.get('eth.type'), d.get('frame.len'))
    s = 'IP %s > %s proto %s ttl %s' % (d['ip.src'], d['ip.dst'], d.get('ip.proto'), d.get('ip.ttl'))
    if 'ip.in.src' in d:
        s += ' [IPIP %s > %s ttl %s]' % (d['ip.in.src'], d['ip.in.dst'], d.get('ip.in.ttl'))
    for k in ('ip.in.icmp.type', 'ip.icmp.type'):
        if k in d:
            s += ' icmp %s' % d[k]
            break
    return s
