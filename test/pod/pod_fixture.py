#!/usr/bin/python3
"""The kernel's pod stacks, as a fixture: every frame on every pod eth0 during a replay run of
`npm run oracle`, one stream per replay batch and pod, with its time from the batch's first input.

usage: pod_fixture.py JOB.json OUT.json   (JOB.json: .oracle/run/job.json after a run)

A frame is `in` when the pod receives it (from ee:ee:ee:ee:ee:ee, the cali) and `out` when the pod
sent it (its own MAC; the replayed input frames themselves are left out: the pod did not make
them). test/pod/kernelPodStack.test.ts feeds the `in` frames to a PodStack at their times and
compares what it sends with the `out` frames. Reads the pcaps with compare.py's loader (scapy).
"""
import json, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'oracle'))
import compare  # noqa: E402

CALI = bytes.fromhex('eeeeeeeeeeee')


def main(job_path, out_path):
    job = json.load(open(job_path))
    sc = next(x for x in job['scenarios'] if x['kind'] == 'replay')
    pods = [p for p in job['points'] if p['label'].endswith(':eth0')]
    side = compare.load_side(sc['kernel'], job['points'], compare.Decoder(False))
    starts, _ = compare.windows(side, sc['batches'])
    first = {}
    for t, bi, _ in starts:
        first.setdefault(bi, t)
    bounds = sorted(first.items())
    inputs = {bytes.fromhex(h) for b in sc['batches'] for h in b['frames']}
    out = []
    for k, (bi, t0) in enumerate(bounds):
        t1 = bounds[k + 1][1] if k + 1 < len(bounds) else float('inf')
        for p in pods:
            frames = []
            for t, f, _ in side[p['label']][1]:
                if not (t0 <= t < t1) or f in inputs:
                    continue
                frames.append([round((t - t0) * 1e6), 'in' if f[6:12] == CALI else 'out', f.hex()])
            if any(d == 'in' and f[24:28] == '0800' for _, d, f in frames):
                out.append({'batch': bi, 'pod': p['label'][:-len(':eth0')], 'frames': frames})
    json.dump({'kernel': 'Linux 6.1 (Debian linux-image-amd64), oracle replay run',
               'note': 'frames on pod eth0s per replay batch; times in microseconds from the batch start',
               'streams': out}, open(out_path, 'w'), separators=(',', ':'))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
