// The HTML report as Chromium lays it out: in every chart no two texts overlap and none is
// clipped (the frame-size ticks 64 and 98 once printed as "6498"), each engine has its own hue,
// every point and bar shows its spread, there is a Gbit/s view, text columns are left-aligned and
// numbers right-aligned, and the run's warnings are shown.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { htmlReport } from '../../bench/report/html.ts';
import { COLORS, tickRows } from '../../bench/report/svg.ts';
import type { BenchResult, SeriesPoint } from '../../bench/result.ts';
import { launch, measure, needChromium, outside, overlappingTexts } from '../support/chromium.ts';

const ENGINES = ['null', 'ts', 'wasm'] as const;
const MPPS = { null: 21.1, ts: 3.28, wasm: 7.05 };

function summary(m: number, spread: number) {
  return { n: 5, median: m, min: m * (1 - spread), max: m * (1 + spread), mean: m, stddev: m * spread / 2, ci95: [m * (1 - spread / 2), m * (1 + spread / 2)] as [number, number], cv: spread / 2 };
}

function result(warnings: string[]): BenchResult {
  const point = (engine: (typeof ENGINES)[number], x: number, k: number): SeriesPoint => ({ engine, x, mpps: MPPS[engine] * k, mppsMin: MPPS[engine] * k * 0.9, mppsMax: MPPS[engine] * k * 1.1 });
  const sizes = [64, 98, 256, 512, 1024, 1494];
  return {
    date: '2026-11-30T14:14:00.000Z',
    command: 'npm run bench -- --report r.html',
    machine: { cpu: 'AMD EPYC', cores: 2, memoryBytes: 8 * 2 ** 30, os: 'Linux 6.1', arch: 'x64', node: 'v20.20.2', v8: '11.3', packages: {} },
    config: { cluster: 'seed', nodes: 2, pods: 3, flows: { cross: 2, same: 0 }, workers: 2, size: 98, runs: 5, duration: 2, warmup: 1 },
    memory: { sharedBytes: 2 ** 24, rssBytes: 2 ** 27, heapUsedBytes: 0, buildSeconds: 0.1 },
    engines: ENGINES.map((engine, i) => ({
      engine, mpps: summary(MPPS[engine], 0.05 * (i + 1)), gbps: (MPPS[engine] * 98 * 8) / 1000, nsPerPacketPerWorker: 2000 / MPPS[engine],
      conservation: { passed: true, detail: `generated 100 + created 0 = delivered 100 + dropped 0 (${engine})` },
    })),
    ratios: { wasm_ts: 2.15, wasm_null: 0.33, ts_null: 0.16 },
    warnings,
    series: {
      workers: ENGINES.flatMap((e) => [1, 2].map((w) => point(e, w, w))),
      sizes: ENGINES.flatMap((e) => sizes.map((s) => point(e, s, 98 / s + 0.2))),
      seconds: 40,
    },
  } as unknown as BenchResult;
}

/** Hue in degrees and saturation of a #rrggbb colour (HSL). */
function hueSat(hex: string): [number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return [0, 0];
  const d = max - min;
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [(h * 60 + 360) % 360, s];
}

describe('bench report: the page in headless Chromium', function () {
  this.timeout(120000);
  let browser: Browser;
  before(async function () {
    needChromium(this);
    browser = await launch();
  });
  after(async () => browser?.close());

  it('no overlapping or clipped texts in any chart; a spread on every bar and point; a Gbit/s chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.setContent(htmlReport(result([])));
    const charts = await measure(page);
    assert.equal(charts.length, 4);
    charts.forEach((d, i) => {
      assert.deepEqual(overlappingTexts(d.texts), [], `chart ${i + 1}`);
      assert.deepEqual(outside(d), [], `chart ${i + 1}`);
    });
    const ticks = charts[2].texts.map((t) => t.what);
    for (const s of ['64', '98', '256', '1494']) assert.ok(ticks.includes(s), `tick ${s} printed on its own`);
    const html = await page.content();
    assert.match(html, /<h2>Gbit\/s vs frame size<\/h2><svg/);
    assert.equal((html.match(/<polygon /g) ?? []).length, 9, 'a band per engine in each of the three line charts');
    assert.match(html, /whiskers:/);
    assert.doesNotMatch(html, /class="warn"/, 'no warning for a quiet run');
    await page.close();
  });

  it('text columns left-aligned, numbers right-aligned', async () => {
    const page = await browser.newPage();
    await page.setContent(htmlReport(result([])));
    const align = await page.evaluate(`[...document.querySelectorAll('tr:nth-child(2) td')].map((td) => getComputedStyle(td).textAlign)`);
    assert.deepEqual(align, ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'left']);
    await page.close();
  });

  it('the run\'s warnings (runs that disagree, a busy machine) are shown', async () => {
    const page = await browser.newPage();
    await page.setContent(htmlReport(result(['ts: coefficient of variation 12% (over 10%): the runs disagree', 'machine busy: load average 3.1 before the run on 2 cores'])));
    const warn = await page.evaluate(`document.querySelector('.warn')?.innerText ?? ''`);
    assert.match(String(warn), /coefficient of variation 12%/);
    assert.match(String(warn), /machine busy/);
    await page.close();
  });

  it('each engine has its own hue (the twin and the core were two blues)', () => {
    const [nul, ts, wasm] = ENGINES.map((e) => hueSat(COLORS[e]));
    assert.ok(nul[1] < 0.1, 'null (copy only) is grey');
    assert.ok(ts[1] > 0.5 && wasm[1] > 0.5);
    const d = Math.abs(ts[0] - wasm[0]);
    assert.ok(Math.min(d, 360 - d) >= 90, `ts and wasm hues ${ts[0].toFixed(0)}° and ${wasm[0].toFixed(0)}°`);
  });

  it('tick labels that would collide go to a second row, or are left out', () => {
    assert.deepEqual(tickRows([{ x: 100, text: '64' }, { x: 110, text: '98' }, { x: 105, text: '99' }, { x: 200, text: '256' }]), [0, 1, -1, 0]);
  });
});
