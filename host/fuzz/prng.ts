// Seeded pseudo-random numbers for the fuzzer: xorshift32 (Marsaglia 2003), three shifts per
// number, no allocation. Every frame gets its own generator state derived from (seed, index)
// with a splitmix-style mixer, so a failing frame is reproduced from those two numbers alone
// (`npm run fuzz -- --seed S --only INDEX`), whatever ran before it.

export class Rng {
  private s = 1;

  /** Restart the sequence for frame `index` of run `seed`. */
  reset(seed: number, index: number): void {
    let z = (Math.imul(seed >>> 0, 0x9e3779b9) ^ Math.imul(index >>> 0, 0x85ebca6b) ^ (index / 0x100000000 >>> 0)) >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0;
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
    z = (z ^ (z >>> 15)) >>> 0;
    this.s = z === 0 ? 0x6d2b79f5 : z; // xorshift's one forbidden state
  }

  /** Next u32. */
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }

  /** Uniform integer in [0, n) for n ≤ 2^32 (multiply-shift, no modulo bias worth caring about). */
  below(n: number): number {
    return Math.floor((this.next() / 0x100000000) * n);
  }

  /** True with probability num/den. */
  chance(num: number, den: number): boolean {
    return this.below(den) < num;
  }

  byte(): number {
    return this.next() & 255;
  }
}
