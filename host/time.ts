// Units of the simulated clock: every time in the simulation is an integer number of
// nanoseconds (host/sim/clock.ts), and the pod stacks time their timers in the same units.
export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;
