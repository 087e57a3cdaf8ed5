// A discrete-event simulator in forty lines: a clock in nanoseconds, a binary heap of events
// ordered by (time, insertion), and point-to-point links with latency and serialisation.

export class EventQueue {
  now = 0;
  #heap = [];
  #seq = 0;

  /** Run `fn` at time `t` (ns); events at the same time run in the order they were added. */
  at(t, fn) {
    const h = this.#heap;
    h.push({ t, seq: this.#seq++, fn });
    for (let i = h.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (!before(h[i], h[up])) break;
      [h[i], h[up]] = [h[up], h[i]];
      i = up;
    }
  }

  run() {
    const h = this.#heap;
    while (h.length > 0) {
      const top = h[0];
      const last = h.pop();
      if (h.length > 0) {
        h[0] = last;
        for (let i = 0; ;) {
          const l = 2 * i + 1, r = l + 1;
          let m = i;
          if (l < h.length && before(h[l], h[m])) m = l;
          if (r < h.length && before(h[r], h[m])) m = r;
          if (m === i) break;
          [h[i], h[m]] = [h[m], h[i]];
          i = m;
        }
      }
      this.now = top.t;
      top.fn();
    }
  }

  timeText() {
    return `${Math.floor(this.now / 1e9)}.${String(Math.floor(this.now / 1e3) % 1e6).padStart(6, '0')}`;
  }
}

const before = (a, b) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

/** One direction of a link: frames leave one after another (len × 8 / bitsPerSecond) and
 *  arrive `latencyNs` after their last bit left. */
export class Link {
  #free = 0;
  constructor(queue, latencyNs, bitsPerSecond) {
    this.q = queue;
    this.latency = latencyNs;
    this.bps = bitsPerSecond;
  }

  send(frame, deliver) {
    const start = Math.max(this.q.now, this.#free);
    this.#free = start + Math.ceil((frame.length * 8 * 1e9) / this.bps);
    this.q.at(this.#free + this.latency, () => deliver(frame));
  }
}
