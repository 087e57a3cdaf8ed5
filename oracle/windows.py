"""The replay's windows: each compared interface cut into one window per replayed input, from
the moment the input shows on its injection interface to the next input (compare.py compares
window by window), and the slack emulation on a loaded host needs (late frames, a tail's late
packets in canonical order, the batch's end)."""
import bisect
from collections import Counter
from decode import summary


def windows(side, batches, begins=None):
    """Cut every interface into one window per input frame: from the moment the input is seen on
    its injection interface to the moment the next one is. An input is looked for after the one
    before it, and a batch's first after the moment the batch began (`begins`, when known): a
    replayed frame can be byte for byte one the host sends itself (a node's own ARP request,
    replayed into its uplink), which an earlier batch shows too."""
    starts, missing = [], []
    for bi, b in enumerate(batches):
        lab = b['inject']
        fr = side[lab][1]
        pos = 0
        if begins is not None and bi < len(begins) and begins[bi] is not None:
            pos = bisect.bisect_left([x[0] for x in fr], begins[bi])
        for fi, hx in enumerate(b['frames']):
            want = bytes.fromhex(hx)
            j = pos
            while j < len(fr) and fr[j][1] != want:
                j += 1
            if j < len(fr):
                starts.append((fr[j][0], bi, fi))
                pos = j + 1
            else:
                missing.append((bi, fi))
    starts.sort()
    return starts, missing


def cut(side, starts, batches=None):
    """(batch, frame) -> interface -> the frames seen in that input's window. The window of a
    batch's last input ends its batch's `horizonS` seconds after it, where the simulator stops
    (after the batch's tail, when it has one: a late packet it set off): the VM's
    pause before the next batch (its flushes and tcpreplay's start, seconds under load) would
    otherwise let its neighbour timers (a DELAY probe 5 s after use) into that window."""
    res = {}
    tails = {}
    times = [t for t, _, _ in starts]
    first = {bi: t for t, bi, fi in starts if fi == 0}
    for lab, fr in side.items():
        for t, f, fields in fr:
            i = bisect.bisect_right(times, t) - 1
            key = (starts[i][1], starts[i][2]) if i >= 0 else ('before', 0)
            if i >= 0 and batches is not None and starts[i][2] == len(batches[starts[i][1]]['frames']) - 1:
                b = batches[starts[i][1]]
                # the end counts from the batch's first input when the batch has a tail: its late
                # packets are timed from fragments early in the batch, and tcpreplay's pacing
                # drifts (a second over 40 frames under load) while the simulator's does not
                end = first[starts[i][1]] + b['endS'] if 'endS' in b and starts[i][1] in first else starts[i][0] + b['horizonS']
                # the last END_GUARD_S before the end is left out on both sides: a timer that
                # fires there (an ARP retransmission 1 s after a request) falls inside on one
                # side and a few ms past the end on the other
                if t > end - END_GUARD_S:
                    continue
                if t > starts[i][0] + b['horizonS'] - b.get('tailS', 0):
                    tails.setdefault(key, {}).setdefault(lab, []).append(fields)
                    continue
            res.setdefault(key, {}).setdefault(lab, []).append(fields)
    # A tail's late packets (reassembly timeouts) fire from the kernel's timer wheel: those that
    # share a 2.048 s bucket go out newest first (expire_timers takes each bucket's list from
    # its head, enqueue_timer adds at the head), the simulator's in the order they were set.
    # Their order is host history: both sides' tails are compared in one canonical order.
    for key, labs in tails.items():
        for lab, fields in labs.items():
            res.setdefault(key, {}).setdefault(lab, []).extend(sorted(fields, key=tail_order))
    return res


SLACK_WINDOWS = 3
END_GUARD_S = 0.05


def late_slack(kw, sw, batches):
    """Under emulation on a loaded host a frame can be seen tens of ms late: a veth's receive
    runs from the softirq backlog (netif_rx), so the frame a pod sent can show on its cali after
    the next input's, and a port unreachable that crossed the tunnel twice after two more. A
    frame that one side has in an input's window and the other only in one of the next
    SLACK_WINDOWS windows of the same batch, the same in every compared field (IDs and
    checksums aside), is moved back to the earlier window (at its end); and a window holding the
    same frames on both sides in another order takes the simulator's order (the late frames
    came first). Nothing else about a frame is forgiven: its fields, and its interface, are
    compared as ever."""
    for bi, b in enumerate(batches):
        keys = [(bi, fi) for fi in range(len(b['frames']))]
        labs = set()
        for w in (kw, sw):
            for k in keys:
                labs |= set(w.get(k, {}))
        for lab in labs:
            for late, other in ((kw, sw), (sw, kw)):
                L = [list(late.get(k, {}).get(lab, [])) for k in keys]
                O = [[tail_order(f) for f in other.get(k, {}).get(lab, [])] for k in keys]
                spare = [Counter(o) - Counter(tail_order(f) for f in l) for l, o in zip(L, O)]
                for n in range(1, len(keys)):
                    here = Counter(O[n])
                    keep = []
                    for f in L[n]:
                        k = tail_order(f)
                        if here[k] > 0:
                            here[k] -= 1
                            keep.append(f)
                            continue
                        for w in range(n - 1, max(-1, n - 1 - SLACK_WINDOWS), -1):
                            if spare[w][k] > 0:
                                spare[w][k] -= 1
                                L[w].append(f)
                                break
                        else:
                            keep.append(f)
                    L[n] = keep
                for k, l in zip(keys, L):
                    if l or lab in late.get(k, {}):
                        late.setdefault(k, {})[lab] = l
        # the same frames in another order: the late ones came first (the previous input's
        # reply before this input's own frames); the kernel's window takes the simulator's order
        for k in keys:
            for lab in labs:
                kd, sd = kw.get(k, {}).get(lab, []), sw.get(k, {}).get(lab, [])
                if len(kd) < 2 or len(kd) != len(sd):
                    continue
                ko, so = [tail_order(f) for f in kd], [tail_order(f) for f in sd]
                if ko == so or Counter(ko) != Counter(so):
                    continue
                pool = {}
                for f, o in zip(kd, ko):
                    pool.setdefault(o, []).append(f)
                kw[k][lab] = [pool[o].pop(0) for o in so]


def tail_order(fields):
    """A frame's place in a tail: its outline, then every field but the IDs and checksums."""
    rest = tuple((k, repr(v)) for k, v in fields if not (k.endswith('.id') or 'csum' in k or 'checksum' in k))
    return (summary(fields), rest)


def sim_begins(d):
    """When each batch began in the simulator's pcaps (sim.ts writes begins.txt), or None."""
    try:
        return [float(x) for x in open('%s/begins.txt' % d).read().split()]
    except OSError:
        return None
