#!/usr/bin/python3
"""The kernel's uplinks during the ping scenarios of an `npm run oracle` run, as a fixture: every
frame on every node uplink in each ping scenario's time span, with its time from the span's start.

usage: uplink_fixture.py JOB.json OUT.json [all]   (JOB.json: .oracle/run/job.json after a run;
       `all`: every compared interface, not only the uplinks)

The VM flushes its dynamic neighbours before each scenario, so each span starts from empty
tables: the node's ARP request for its peer (broadcast), the reply, then the IPIP frames that
waited for it (net/core/neighbour.c, net/ipv4/arp.c). test/oracle/uplinkArp.test.ts runs the
same pings in both engines with empty tables and compares. Reads the pcaps with scapy.
"""
import json, sys
from scapy.utils import RawPcapReader


def frames(path):
    for data, meta in RawPcapReader(path):
        yield meta.sec + meta.usec / 1e6, bytes(data)


def main(job_path, out_path, which='uplinks'):
    job = json.load(open(job_path))
    uplinks = [p for p in job['points'] if p['uplink'] or which == 'all']
    pings = [s for s in job['scenarios'] if s['kind'] == 'ping']
    out = {'kernel': 'Linux 6.1.0-57-amd64 (Debian linux-image-6.1.0-57-amd64 6.1.192-3), qemu TCG',
           'recorded': 'npm run oracle, 2026-11-30; /usr/bin/python3 test/oracle/uplink_fixture.py ' + ' '.join(sys.argv[1:]),
           'note': 'per ping scenario (oracle/scenarios/pings.ts), every frame on each node uplink: [µs from the scenario start, hex]',
           'scenarios': []}
    for s in pings:
        k = s['kernel']
        seen = {}
        for p in uplinks:
            seen[p['label']] = [[round((t - k['start']) * 1e6), f.hex()]
                                for t, f in frames(f"{k['dir']}/{p['file']}") if k['start'] <= t <= k['end']]
        out['scenarios'].append({'name': s['name'], 'uplinks': seen})
    json.dump(out, open(out_path, 'w'), indent=1)


if __name__ == '__main__':
    main(*sys.argv[1:])
