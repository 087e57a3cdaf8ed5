// Headless Chromium for the picture tests: playwright-core driving Debian's /usr/bin/chromium
// (CI installs it, .ci/run). What the page measures is what a reader sees: the boxes of the
// rendered text, the rectangles, and the walk's path, in CSS pixels of the page.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Skips the calling suite with a plain message when Chromium is not installed. */
export function needChromium(ctx: Mocha.Context): void {
  if (!existsSync(CHROMIUM)) {
    console.log(`    (skipped: ${CHROMIUM} is missing; install the Debian package: apt-get install -y chromium)`);
    ctx.skip();
  }
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  /** The text, or the rectangle's class. */
  what: string;
  cls: string;
}

export interface Drawing {
  /** The svg element's own box on the page. */
  svg: Box;
  texts: Box[];
  rects: Box[];
  /** The walk's numbered step badges (circles). */
  badges: Box[];
  /** The walk's path (class `path`) as page points, one polyline per path element. */
  paths: { x: number; y: number }[][];
}

// Runs in the page. Plain JavaScript in a string: a function handed over from here would carry
// the TypeScript loader's helpers (__name), which the page does not have.
const MEASURE = `(() => {
  const box = (e, what) => {
    const r = e.getBoundingClientRect();
    return { x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height, what, cls: e.getAttribute('class') || '' };
  };
  return [...document.querySelectorAll('svg')].map((svg) => {
    const m = svg.getScreenCTM();
    const toPage = (x, y) => ({ x: m.a * x + m.c * y + m.e + scrollX, y: m.b * x + m.d * y + m.f + scrollY });
    const paths = [...svg.querySelectorAll('path.path')].map((p) => {
      const len = p.getTotalLength();
      const pts = [];
      for (let d = 0; d <= len; d += 2) {
        const q = p.getPointAtLength(d);
        pts.push(toPage(q.x, q.y));
      }
      return pts;
    });
    return {
      svg: box(svg, 'svg'),
      texts: [...svg.querySelectorAll('text')].map((t) => box(t, t.textContent || '')),
      rects: [...svg.querySelectorAll('rect')].map((r) => box(r, r.getAttribute('class') || '')),
      badges: [...svg.querySelectorAll('circle.badge')].map((c) => box(c, 'badge')),
      paths,
    };
  });
})()`;

/** Every svg of the page, measured in page pixels. */
export function measure(page: Page): Promise<Drawing[]> {
  return page.evaluate(MEASURE) as Promise<Drawing[]>;
}

/** Pairs of text boxes that share more than a hair (0.5 px) of area; with `others`, pairs of a
 *  text and one of those. */
export function overlappingTexts(texts: Box[], others?: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = others ? 0 : i + 1; j < (others ?? texts).length; j++) {
      const a = texts[i];
      const b = (others ?? texts)[j];
      const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (ox > 0.5 && oy > 0.5) out.push(`"${a.what}" and "${b.what}" overlap by ${ox.toFixed(1)}×${oy.toFixed(1)} px`);
    }
  }
  return out;
}

/** Boxes that a path's points enter (more than 1 px inside), each named once. */
export function crossedBy(path: { x: number; y: number }[], boxes: Box[]): string[] {
  const hit = new Set<string>();
  for (const b of boxes) {
    for (const p of path) {
      if (p.x > b.x + 1 && p.x < b.x + b.w - 1 && p.y > b.y + 1 && p.y < b.y + b.h - 1) {
        hit.add(`${b.cls ? `${b.cls} ` : ''}"${b.what}" at ${b.x.toFixed(0)},${b.y.toFixed(0)} (path at ${p.x.toFixed(0)},${p.y.toFixed(0)})`);
        break;
      }
    }
  }
  return [...hit];
}

/** Texts that stick out of their svg (they would be clipped). */
export function outside(d: Drawing): string[] {
  const s = d.svg;
  return d.texts.filter((t) => t.x < s.x - 0.5 || t.y < s.y - 0.5 || t.x + t.w > s.x + s.w + 0.5 || t.y + t.h > s.y + s.h + 0.5).map((t) => `"${t.what}"`);
}
