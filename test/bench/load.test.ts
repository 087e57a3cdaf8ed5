// When a run counts as busy (bench/report/load.ts): what other processes used and what was
// stolen, measured over the run; the load average only where /proc/stat says nothing.
import assert from 'node:assert/strict';
import os from 'node:os';
import { machineLoad, type CpuSample } from '../../bench/report/load.ts';

const cores = os.availableParallelism();
const sample = (t: number, ticks: { busy: number; steal: number; total: number } | null, ownMicros: number, load1: number): CpuSample => ({
  t, busy: ticks?.busy ?? null, steal: ticks?.steal ?? null, total: ticks?.total ?? null, ownMicros, loadavg: [load1, 0, 0],
});

describe('bench load: busy or quiet', () => {
  it('right after another run: a high load average, nobody else on the CPUs: quiet', () => {
    // 10 s, this process used 2 cores all of it (2000 ticks of 10 ms), nothing else did
    const l = machineLoad(sample(0, { busy: 0, steal: 0, total: 0 }, 0, cores + 0.2), sample(10_000, { busy: 2000, steal: 0, total: 2000 }, 20_000_000, cores + 0.3));
    assert.deepEqual(l.busy, []);
    assert.ok(l.othersCores !== null && l.othersCores < 0.01);
  });

  it('another process used half a core: busy, whatever the load average', () => {
    const l = machineLoad(sample(0, { busy: 0, steal: 0, total: 0 }, 0, 0.1), sample(10_000, { busy: 1500, steal: 0, total: 2000 }, 10_000_000, 0.1));
    assert.deepEqual(l.busy, ['other processes used 0.50 cores']);
  });

  it('a tenth of the CPU time stolen: busy', () => {
    const l = machineLoad(sample(0, { busy: 0, steal: 0, total: 0 }, 0, 0), sample(10_000, { busy: 1000, steal: 200, total: 2000 }, 10_000_000, 0));
    assert.deepEqual(l.busy, ['10% of CPU time stolen']);
  });

  it('no /proc/stat: the load average before the run decides', () => {
    const l = machineLoad(sample(0, null, 0, cores), sample(10_000, null, 10_000_000, cores));
    assert.equal(l.othersCores, null);
    assert.deepEqual(l.busy, [`load average ${cores.toFixed(2)} before the run on ${cores} cores`]);
    assert.deepEqual(machineLoad(sample(0, null, 0, cores - 0.5), sample(10_000, null, 0, 0)).busy, []);
  });
});
