// The schedule of the interleaved rounds (bench/rounds.ts): how many turns a run is cut into,
// and how long the whole schedule lasts (the progress bar's total).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_TURNS, ROUND_WARMUP, scheduleSeconds, turnsOf } from '../../bench/rounds.ts';

describe('bench rounds: turns and schedule', () => {
  it('a run is one turn when --slice covers it, else ⌈duration / slice⌉ equal turns', () => {
    assert.equal(turnsOf({ duration: 2, slice: 0.25 }), 8);
    assert.equal(turnsOf({ duration: 1, slice: 0.3 }), 4);
    assert.equal(turnsOf({ duration: 0.1, slice: 0.25 }), 1);
    assert.equal(turnsOf({ duration: 0.3, slice: 0.1 }), 3, 'no extra turn from 0.3 / 0.1 = 2.9999…');
    assert.equal(turnsOf({ duration: 60, slice: 0.25 }), MAX_TURNS, 'a long run: longer turns, not 240 refills');
  });

  it('turns never exceed --slice unless there would be more than MAX_TURNS, and add up to --duration', () => {
    fc.assert(fc.property(fc.double({ min: 0.05, max: 100, noNaN: true }), fc.double({ min: 0.05, max: 100, noNaN: true }), (duration, slice) => {
      const n = turnsOf({ duration, slice });
      assert.ok(Number.isSafeInteger(n) && n >= 1 && n <= MAX_TURNS);
      assert.ok(n === MAX_TURNS || duration / n <= slice * (1 + 1e-9), `${n} turns of ${duration / n} > ${slice}`);
      assert.ok(n === 1 || duration / (n - 1) > slice * (1 - 1e-9), `${n - 1} turns would do`);
    }));
  });

  it('the schedule: the first turn warms up for --warmup, every later one for the refill', () => {
    const c = { engines: ['null', 'ts', 'wasm'] as const, rounds: 5, warmup: 1, duration: 2, slice: 0.25 };
    const turns = 5 * 8;
    const want = 3 * (1 + (turns - 1) * ROUND_WARMUP + 5 * 2);
    assert.ok(Math.abs(scheduleSeconds({ ...c, engines: [...c.engines] }) - want) < 1e-9);
    // one turn a round: the schedule before bench@5
    assert.ok(Math.abs(scheduleSeconds({ ...c, engines: [...c.engines], slice: 2 }) - 3 * (1 + 4 * ROUND_WARMUP + 10)) < 1e-9);
  });
});
