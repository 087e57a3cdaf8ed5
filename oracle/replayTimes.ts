// When the VM really played each replayed frame. tcpreplay paces a batch from the pcap's
// timestamps, but not exactly: it sends the second frame as soon as the first (the gap after
// the first packet is not waited for), and under emulation on a loaded host its 30 ms steps
// stretch, a second over 40 frames. Timers the frames set off (an ARP retransmission 1 s on, a
// DELAY probe 5 s on, a reassembly timeout 30 s on) run from when the kernel saw them, so the
// simulator replays each batch at the times the kernel's capture of the injection interface
// shows, relative to the batch's first frame.

import { readPcapFile } from '../host/capture/pcapFile.ts';
import type { ReplayScenario } from './scenarios/replay.ts';
import type { Point } from './points.ts';

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Per batch, each frame's offset in ms from the batch's first frame as the kernel saw it (an
 *  input the capture does not show keeps the nominal step from the one before), or null for a
 *  batch whose first frame was not seen. `fromS`: the replay's start mark (epoch seconds). */
export function kernelSendTimes(kernelDir: string, points: Point[], s: ReplayScenario, fromS: number,
  beganS: (batch: number) => number | undefined = () => undefined): (number[] | null)[] {
  const files = new Map<string, { t: number; data: Uint8Array }[]>();
  const pos = new Map<string, number>();
  const frames = (label: string): { t: number; data: Uint8Array }[] => {
    let f = files.get(label);
    if (!f) {
      const p = points.find((x) => x.label === label);
      try {
        f = p ? readPcapFile(`${kernelDir}/${p.file}`).records.map((r) => ({ t: r.sec + r.usec / 1e6, data: r.data })).filter((r) => r.t >= fromS) : [];
      } catch {
        f = [];
      }
      files.set(label, f);
    }
    return f;
  };
  return s.batches.map((b, k) => {
    const fr = frames(b.label);
    let at = pos.get(b.label) ?? 0;
    // from the batch's own mark when the VM wrote one: a replayed frame can be byte for byte
    // one the host sends itself (a node's ARP request), earlier
    const began = beganS(k);
    if (began !== undefined) while (at < fr.length && fr[at].t < began) at++;
    const seen: (number | null)[] = b.frames.map((f) => {
      let j = at;
      while (j < fr.length && !equal(fr[j].data, f.bytes)) j++;
      if (j >= fr.length) return null;
      at = j + 1;
      return fr[j].t;
    });
    pos.set(b.label, at);
    const t0 = seen[0];
    if (t0 === null) return null;
    const out: number[] = [];
    seen.forEach((t, i) => out.push(t !== null ? Math.max(0, (t - t0) * 1000) : i === 0 ? 0 : out[i - 1] + s.spacingMs));
    return out;
  });
}
