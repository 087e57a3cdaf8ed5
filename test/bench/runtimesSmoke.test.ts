// bench:runtimes smoke: every runtime already in .runtimes/ (and the system Node) runs the
// entry's two parts briefly; each engine must produce figures, deliver frames in the worker part,
// and its books must balance. No timing assertion. Without the cache (a fresh checkout, CI) the
// runtimes are not downloaded here: the test says so and is skipped.

import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES, PARTS } from '../../bench/runtimes/result.ts';
import { cacheDir, findBinary, RUNTIMES } from '../../bench/runtimes/runtimes.ts';
import { runEntry } from '../../bench/runtimes/spawn.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BRIEF = { stepMs: 10, runs: 1, duration: 0.1, warmup: 0.05 };

describe('bench:runtimes smoke (the runtimes in .runtimes/)', function () {
  this.timeout(120_000);
  before(function () {
    if (!existsSync(cacheDir(ROOT))) {
      console.log('    (skipped: the runtimes cache .runtimes/ is absent; npm run bench:runtimes installs it)');
      this.skip();
    }
  });

  for (const spec of RUNTIMES) {
    it(`${spec.id} runs the step and the single-worker parts`, function () {
      const bin = findBinary(spec, ROOT);
      if (bin === null) {
        console.log(`      (skipped: ${spec.id} is not in .runtimes/)`);
        this.skip();
      }
      for (const part of PARTS) {
        const out = runEntry(ROOT, spec.kind, bin, part, BRIEF);
        if ('error' in out) assert.fail(`${spec.id} ${part}: ${out.error}`);
        assert.equal(out.runtime.kind, spec.kind);
        for (const e of ENGINES) {
          // figures of 10-100 ms runs on a shared machine: finite, nothing more is asserted
          assert.ok(out.samples[e].length > 0 && out.samples[e].every(Number.isFinite), `${spec.id} ${part} ${e}: ${out.samples[e]}`);
        }
        if (part === 'worker') {
          for (const e of ENGINES) assert.ok(out.delivered![e] > 0, `${spec.id}: ${e} delivered no frame`);
          assert.equal(out.conservation, true, `${spec.id}: the books did not balance`);
        }
      }
    });
  }
});
