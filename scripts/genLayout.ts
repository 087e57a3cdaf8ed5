// Generates every mirror of the core's binary layout from its one source, assembly/:
//   assembly/layout/*.ts      → host/layout.ts              (the TypeScript mirror + LAYOUT_NAMES)
//                             → assembly/layout/values.ts   (the core's layoutValue(i))
//   assembly/route/lpmLayout.ts → host/engine/ts/route/lpmLayout.ts (the twin's LPM layout)
// `npm run asbuild` runs it first (preasbuild), so a build never sees a stale mirror;
// `--out DIR` writes under DIR instead of the repository (test/layout compares the two).
//
// The translation is line by line and refuses what it does not know: `@inline export const
// NAME: u32 = expr;` becomes `export const NAME = expr;` (the expressions use + - * << >>> &
// | and earlier names, so they mean the same in both languages), `@inline export function`
// gets number types and, returning u32, an unsigned result (`>>> 0`) as in the core; casts
// like <u32> go, comments and diagrams stay.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The layout's regions, in declaration order (= the index order of layoutValue). */
export const LAYOUT_SOURCES: readonly string[] = ['global', 'ring', 'node', 'iface', 'nexthop', 'counters', 'ipvs', 'neigh', 'reasm']
  .map((r) => `assembly/layout/${r}.ts`);
export const LPM_LAYOUT_SOURCE = 'assembly/route/lpmLayout.ts';

export const HOST_LAYOUT = 'host/layout.ts';
export const CORE_LAYOUT_VALUES = 'assembly/layout/values.ts';
export const TWIN_LPM_LAYOUT = 'host/engine/ts/route/lpmLayout.ts';

const TS_TYPE: Record<string, string> = { u8: 'number', u16: 'number', u32: 'number', i32: 'number', usize: 'number', f64: 'number', bool: 'boolean', void: 'void' };
const CAST = /<(?:u8|u16|u32|i32|usize|f64)>/g;

export interface Translated { lines: string[]; names: string[] }

/** AssemblyScript layout source → TypeScript lines and the constant names it declares. */
export function asToTs(src: string, file: string): Translated {
  const lines: string[] = [];
  const names: string[] = [];
  let returnsU32 = false;
  let depth = 0; // brace depth inside a function
  src.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.trim() === '// @ts-ignore: decorator') return;
    if (/^import\s.*\sfrom\s+'\.\/\w+';$/.test(line)) return; // one module on the host side
    if (depth > 0) {
      depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
      let body = line.replace(CAST, '');
      if (returnsU32) body = body.replace(/^(\s*)return (.+);$/, '$1return ($2) >>> 0;');
      lines.push(body);
      return;
    }
    const c = /^@inline export const (\w+): (?:u32|i32) = (.+);(.*)$/.exec(line);
    if (c) {
      names.push(c[1]);
      lines.push(`export const ${c[1]} = ${c[2].replace(CAST, '')};${c[3]}`);
      return;
    }
    const f = /^@inline export function (\w+)\(([^)]*)\): (\w+) \{$/.exec(line);
    if (f) {
      const params = f[2].split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
        const [n, t] = p.split(':').map((s) => s.trim());
        if (!TS_TYPE[t]) throw new Error(`${where}: no TypeScript type for ${t}`);
        return `${n}: ${TS_TYPE[t]}`;
      });
      if (!TS_TYPE[f[3]]) throw new Error(`${where}: no TypeScript type for ${f[3]}`);
      returnsU32 = f[3] === 'u32';
      depth = 1;
      lines.push(`export function ${f[1]}(${params.join(', ')}): ${TS_TYPE[f[3]]} {`);
      return;
    }
    if (/^\s*@|^\s*(export\s+)?(const|let|function|class|import)\b/.test(line)) {
      throw new Error(`${where}: genLayout cannot translate: ${line.trim()}`);
    }
    lines.push(line);
  });
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { lines, names };
}

const banner = (from: string): string[] => [
  `// GENERATED from ${from} by scripts/genLayout.ts (npm run asbuild): do not edit by hand.`,
];

/** Every generated file, repository path → content. */
export function generateLayoutMirrors(read: (path: string) => string): Map<string, string> {
  const out = new Map<string, string>();

  const host: string[] = [...banner('assembly/layout/*.ts'),
    "// The TypeScript mirror of the core's binary layout; the diagrams and meaning are in the source.", ''];
  const names: string[] = [];
  for (const file of LAYOUT_SOURCES) {
    const t = asToTs(read(file), file);
    host.push(`// ════ ${file} ════`, '', ...t.lines, '');
    names.push(...t.names);
  }
  host.push("/** Names in declaration order = the index order of the core's layoutValue(i). */");
  host.push('export const LAYOUT_NAMES: readonly string[] = [', ...names.map((n) => `  '${n}',`), '];', '');
  out.set(HOST_LAYOUT, host.join('\n'));

  const values: string[] = [...banner('assembly/layout/*.ts'),
    '// Every layout value by index, so the host can check its mirror (host/layout.ts LAYOUT_NAMES',
    '// lists the names in the same order; test/layout compares them one by one).',
    '',
    'import {',
    ...chunk(names, 6).map((c) => `  ${c.join(', ')},`),
    "} from '../layout';",
    '',
    '/** The value of layout name number `i`; 0xFFFFFFFF past the end. */',
    'export function layoutValue(i: i32): u32 {',
    '  switch (i) {',
    ...names.map((n, i) => `    case ${i}: return <u32>${n};`),
    '    default: return 0xffffffff;',
    '  }',
    '}',
    ''];
  out.set(CORE_LAYOUT_VALUES, values.join('\n'));

  const lpm = asToTs(read(LPM_LAYOUT_SOURCE), LPM_LAYOUT_SOURCE);
  out.set(TWIN_LPM_LAYOUT, [...banner(LPM_LAYOUT_SOURCE),
    "// The TS twin's copy of the LPM table layout (the property test also compares the bytes",
    '// both engines write).', '', ...lpm.lines, ''].join('\n'));
  return out;
}

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Write the mirrors under `outDir` (the repository by default); returns the paths changed. */
export function writeLayoutMirrors(outDir = ROOT, root = ROOT): string[] {
  const changed: string[] = [];
  for (const [path, text] of generateLayoutMirrors((p) => readFileSync(join(root, p), 'utf8'))) {
    const target = join(outDir, path);
    let old: string | null = null;
    try { old = readFileSync(target, 'utf8'); } catch { old = null; }
    if (old === text) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    changed.push(path);
  }
  return changed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? process.argv[i + 1] : ROOT;
  try {
    for (const p of writeLayoutMirrors(outDir)) console.log(`genLayout: wrote ${p}`);
  } catch (e) {
    console.error(`genLayout: ${(e as Error).message}`);
    process.exit(1);
  }
}
