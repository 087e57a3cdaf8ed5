#!/usr/bin/python3
"""Kernel vs simulator, frame by frame and field by field, on every compared interface.

usage: compare.py JOB.json OUT.json
       compare.py --windows JOB.json PATTERN OUT.json   (the kernel's frames per input, as a fixture)
       compare.py --service-fixture JOB.json OUT.json   (the kernel's frames of the Service scenarios)

An independent decoder: scapy reads the pcaps (RawPcapReader); the frames are decoded here with
struct, not with the project's TypeScript decoder. Every frame becomes an ordered list of
(field, value): Ethernet (and an 802.1Q tag), ARP, IPv4 (every header field and the options),
ICMP (echo id/seq/data; errors: the rest of the header and the quoted packet, decoded again),
IPIP (the inner packet, decoded again), UDP, TCP, and the bytes of anything else.

Normalised, because they are host history and nothing else:
  - IPv4 IDs: the kernel's and the simulator's values must correspond one to one on an interface
    (per source address), and a zero must be a zero on both sides where DF made it one (a
    packet without DF, or an IPIP outer header, draws its ID from hashed counters, where 0 is
    a value like any other); the values themselves differ;
  - ICMP echo identifiers: one-to-one correspondence in the same way (busybox's pid);
  - busybox's 4-byte monotonic clock at the start of echo data (ping scenarios only);
  - checksums: compared by value when the bytes they cover are equal on both sides, else by
    validity (they cover the normalised fields);
  - timestamps: not compared, except to cut a replay into one window per input frame.
"""
import difflib, json, sys
from scapy.utils import RawPcapReader
from decode import Csum, Decoder, Id, Rel, TcpHistory, csum, ip4, mac, summary  # noqa: E402,F401 (pod_fixture.py reads them here)
from windows import cut, late_slack, sim_begins, windows  # noqa: E402


class Pairing:
    """The one-to-one correspondences of host-history values on one interface."""
    def __init__(self):
        self.k2s, self.s2k = {}, {}

    def same(self, a, b):
        if a.space != b.space:
            return False
        if (a.raw == 0 or b.raw == 0) and not (a.any_zero and b.any_zero):
            return a.raw == b.raw
        ka, kb = (a.space, a.raw), (b.space, b.raw)
        if ka in self.k2s or kb in self.s2k:
            return self.k2s.get(ka) == b.raw and self.s2k.get(kb) == a.raw
        self.k2s[ka] = b.raw
        self.s2k[kb] = a.raw
        return True


def show(v):
    return v.show() if isinstance(v, (Csum, Id, Rel)) else v


def same(a, b, pairing):
    if isinstance(a, Csum) and isinstance(b, Csum):
        return a.raw == b.raw if a.cover == b.cover else a.valid == b.valid
    if isinstance(a, Id) and isinstance(b, Id):
        return pairing.same(a, b)
    if isinstance(a, Rel) and isinstance(b, Rel):
        return a.off == b.off and pairing.same(Id('isn', a.isn), Id('isn', b.isn))
    return type(a) == type(b) and a == b


def compare_lists(kd, sd, pairing, where):
    """Aligns the two sequences on the frames' outlines (difflib), then compares each aligned
    pair field by field; a frame with no partner is one difference. Frames of different kinds
    (ARP against IP, IPIP against plain IP) are one difference too, not one per field."""
    diffs = []
    ka, sa = [summary(f) for f in kd], [summary(f) for f in sd]
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, sa, autojunk=False).get_opcodes():
        if op == 'equal' or (op == 'replace' and i2 - i1 == j2 - j1):
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            pairs += [(i, None) for i in range(i1, i2)] + [(None, j) for j in range(j1, j2)]
    for i, j in pairs:
        if j is None:
            diffs.append(dict(where, frame=i, field='(frame)', kernel=ka[i], sim='(none)'))
            continue
        if i is None:
            diffs.append(dict(where, frame=j, field='(frame)', kernel='(none)', sim=sa[j]))
            continue
        a, b = dict(kd[i]), dict(sd[j])
        if kind(a) != kind(b):
            diffs.append(dict(where, frame=i, field='(frame)', kernel=ka[i], sim=sa[j]))
            continue
        keys = [k for k, _ in kd[i]] + [k for k, _ in sd[j] if k not in a]
        for k in keys:
            if k not in a or k not in b or not same(a[k], b[k], pairing):
                diffs.append(dict(where, frame=i, field=k, kernel=str(show(a.get(k, '(absent)'))), sim=str(show(b.get(k, '(absent)'))),
                                  summary=ka[i]))
    return diffs


def kind(d):
    return (d.get('eth.type'), d.get('ip.proto'), 'ip.in.proto' in d, d.get('ip.icmp.type', d.get('ip.in.icmp.type')))


def read(path):
    try:
        r = RawPcapReader(path)
    except FileNotFoundError:
        return None, []
    lt = r.linktype
    frames = [(m.sec + m.usec / 1e6, bytes(p)) for p, m in r]
    r.close()
    return lt, frames


def uplink_arp(fields, nodes):
    """ARP between two nodes: the kernel resolving its peer on the uplink (M1). A node's request
    may name as its sender any local address (`arp_solicit` takes the source of the packet that
    waits, e.g. a tunl0 address), so: sent from a node's MAC, about a node's address."""
    node_ips, node_macs = nodes
    d = dict(fields)
    return (d.get('eth.type') == '0x0806' and d.get('arp.sha') in node_macs
            and (d.get('arp.tpa') in node_ips or d.get('arp.spa') in node_ips))


def load_side(where, points, dec):
    """Every compared interface's frames, decoded: `where` is a directory of pcaps, or (the
    kernel's single capture session) {dir, start, end} to keep the frames of one scenario."""
    if isinstance(where, dict):
        d, lo, hi = where['dir'], where['start'], where['end']
    else:
        d, lo, hi = where, float('-inf'), float('inf')
    side = {}
    for p in points:
        lt, frames = read('%s/%s' % (d, p['file']))
        side[p['label']] = (lt, [(t, f, dec.frame(f, lt if lt is not None else 1)) for t, f in frames if lo <= t < hi])
    return side


def split_uplink_arp(side, points, nodes):
    """Takes the node-to-node ARP frames off every uplink: they are compared as their own list
    (M1: each node resolving its peer, in the kernel and in the simulator), so that the
    frames around them still line up."""
    taken = {}
    for p in points:
        if p['uplink']:
            lt, fr = side[p['label']]
            taken[p["label"]] = [x for x in fr if uplink_arp(x[2], nodes)]
            side[p["label"]] = (lt, [x for x in fr if not uplink_arp(x[2], nodes)])
    return taken


def arp_diffs(kt, st, ignore):
    """The uplink ARP lists of both sides, as differences unless `uplink-arp` is ignored."""
    out, counts = {}, {}
    for lab in kt:
        ka, sa = [summary(x[2]) for x in kt[lab]], [summary(x[2]) for x in st.get(lab, [])]
        counts[lab] = [len(ka), len(sa)]
        if ka != sa and 'uplink-arp' not in ignore:
            out[lab] = [{'iface': lab, 'frame': '-', 'field': 'uplink ARP (M1)', 'kernel': '; '.join(ka) or 'none', 'sim': '; '.join(sa) or 'none'}]
    return out, counts


def service_side(where, pts, fixed):
    """A Service scenario's side: a first pass learns the connections' initial sequence
    numbers from their SYNs on every interface, the second decodes relative to them."""
    h = TcpHistory(fixed)
    load_side(where, pts, Decoder(False, h))
    h.collect = False
    return load_side(where, pts, Decoder(False, h))


def compare_ping(job, sc, engine):
    if sc['kind'] == 'service':
        pts = job['points']
        K = service_side(sc['kernel'], pts, job['fixedPorts'])
        S = service_side(sc['sims'][engine], pts, job['fixedPorts'])
        return compare_sides(job, K, S)
    dec = Decoder(True)
    pts = job['points']
    K = load_side(sc['kernel'], pts, dec)
    S = load_side(sc['sims'][engine], pts, dec)
    return compare_sides(job, K, S)


def compare_sides(job, K, S):
    pts = job['points']
    nips = (set(job['nodeIps']), set(job['nodeMacs']))
    arp, counts = arp_diffs(split_uplink_arp(K, pts, nips), split_uplink_arp(S, pts, nips), job['ignore'])
    rows = []
    for p in pts:
        lab = p['label']
        kd = [x[2] for x in K[lab][1]]
        sd = [x[2] for x in S[lab][1]]
        diffs = arp.get(lab, []) + compare_lists(kd, sd, Pairing(), {'iface': lab})
        if K[lab][0] is not None and S[lab][0] is not None and K[lab][0] != S[lab][0]:
            diffs.append({'iface': lab, 'frame': '-', 'field': 'linktype', 'kernel': K[lab][0], 'sim': S[lab][0]})
        rows.append({'iface': lab, 'kernel': len(kd), 'sim': len(sd), 'arp': counts.get(lab, [0, 0]), 'diffs': diffs})
    return {'rows': rows, 'inputs': None}


def compare_replay(job, sc, engine):
    dec = Decoder(False)
    pts = job['points']
    K = load_side(sc['kernel'], pts, dec)
    S = load_side(sc['sims'][engine], pts, dec)
    batches = sc['batches']
    ks, kmiss = windows(K, batches, sc.get('kernelBegins'))
    ss, smiss = windows(S, batches, sim_begins(sc['sims'][engine]))
    nips = (set(job['nodeIps']), set(job['nodeMacs']))
    kt, st = split_uplink_arp(K, pts, nips), split_uplink_arp(S, pts, nips)
    counts = {lab: [len(kt[lab]), len(st.get(lab, []))] for lab in kt}
    kw, sw = cut({l: fr for l, (lt, fr) in K.items()}, ks, batches), cut({l: fr for l, (lt, fr) in S.items()}, ss, batches)
    kaw, saw = cut(kt, ks, batches), cut(st, ss, batches)
    late_slack(kw, sw, batches)
    late_slack(kaw, saw, batches)
    # the simulator starts every batch from a fresh cluster (its ID counters too): the
    # correspondence of host-history values holds within a batch
    pairings = {}
    rows = {p['label']: {'iface': p['label'], 'kernel': 0, 'sim': 0, 'arp': counts.get(p['label'], [0, 0]), 'diffs': []} for p in pts}
    bad_frames = []
    keys = [(bi, fi) for bi, b in enumerate(batches) for fi in range(len(b['frames']))]
    if any(('before', 0) in x for x in (kw, sw, kaw, saw)):
        keys = [('before', 0)] + keys
    for key in keys:
        frame_diffs = []
        for p in pts:
            lab = p['label']
            kd = kw.get(key, {}).get(lab, [])
            sd = sw.get(key, {}).get(lab, [])
            rows[lab]['kernel'] += len(kd)
            rows[lab]['sim'] += len(sd)
            where = {'iface': lab}
            if key[0] != 'before':
                b = batches[key[0]]
                where.update(input='b%d/%d %s' % (key[0], key[1], b['names'][key[1]]), inject=b['inject'])
            d = compare_lists(kd, sd, pairings.setdefault((key[0], lab), Pairing()), where)
            if p['uplink'] and 'uplink-arp' not in job['ignore']:
                ka = [summary(f) for f in kaw.get(key, {}).get(lab, [])]
                sa = [summary(f) for f in saw.get(key, {}).get(lab, [])]
                if ka != sa:
                    d.insert(0, dict(where, frame='-', field='uplink ARP (M1)', kernel='; '.join(ka) or 'none', sim='; '.join(sa) or 'none'))
            rows[lab]['diffs'] += d
            frame_diffs += d
        if frame_diffs:
            bad_frames.append({'key': list(key) if key[0] != 'before' else 'before', 'diffs': frame_diffs})
    inputs = {'total': sum(len(b['frames']) for b in batches), 'seen_kernel': len(ks), 'seen_sim': len(ss),
              'missing_kernel': ['b%d/%d' % m for m in kmiss], 'missing_sim': ['b%d/%d' % m for m in smiss],
              'mismatched_inputs': len(bad_frames)}
    return {'rows': list(rows.values()), 'inputs': inputs, 'frames': bad_frames}


def dump_windows(job, pattern, path):
    """The kernel's frames in the windows of the replayed inputs whose name contains `pattern`:
    a fixture for regression tests that run without the VM."""
    sc = next(x for x in job['scenarios'] if x['kind'] == 'replay')
    pts = job['points']
    K = load_side(sc['kernel'], pts, Decoder(False))
    starts, _ = windows(K, sc['batches'])
    raw = {l: [(t, f, f) for t, f, _ in fr] for l, (lt, fr) in K.items()}
    w = cut(raw, starts)
    out = []
    for bi, b in enumerate(sc['batches']):
        for fi, name in enumerate(b['names']):
            if pattern in name:
                out.append({'name': name, 'inject': b['inject'], 'input': b['frames'][fi],
                            'kernel': {lab: [f.hex() for f in w.get((bi, fi), {}).get(lab, [])] for lab in K}})
    json.dump(out, open(path, 'w'), indent=1)


def dump_services(job, path):
    """The kernel's frames of every Service scenario, interface by interface (with each
    capture's link type), and its program output: a fixture for tests without the VM."""
    out = []
    for sc in job['scenarios']:
        if sc['kind'] != 'service':
            continue
        k = sc['kernel']
        frames = {}
        for p in job['points']:
            lt, fr = read('%s/%s' % (k['dir'], p['file']))
            frames[p['label']] = {'linktype': lt, 'frames': [f.hex() for t, f in fr if k['start'] <= t < k['end']]}
        try:
            text = open('%s/%s.out.txt' % (k['dir'], sc['name'])).read()
        except FileNotFoundError:
            text = None
        out.append({'name': sc['name'], 'output': text, 'interfaces': frames})
    json.dump({'fixedPorts': job['fixedPorts'], 'scenarios': out}, open(path, 'w'), indent=1)


def main():
    if sys.argv[1] == '--service-fixture':
        dump_services(json.load(open(sys.argv[2])), sys.argv[3])
        return
    if sys.argv[1] == '--windows':
        dump_windows(json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4])
        return
    job = json.load(open(sys.argv[1]))
    res = []
    for sc in job['scenarios']:
        for engine in sorted(sc['sims']):
            r = compare_replay(job, sc, engine) if sc['kind'] == 'replay' else compare_ping(job, sc, engine)
            r.update(scenario=sc['name'], engine=engine)
            res.append(r)
    json.dump(res, open(sys.argv[2], 'w'), indent=1)


if __name__ == '__main__':
    main()
