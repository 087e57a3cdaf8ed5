// The relative import graph of the repository's source trees, read from the text of each
// file: static `import … from '…'`, `export … from '…'`, side-effect `import '…'` and dynamic
// `import('…')` of relative paths (package imports are not edges). Used by imports.test.ts.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, dirname, normalize, relative } from 'node:path';

export interface Edge { from: string; to: string }
export interface Graph { files: string[]; edges: Edge[]; unresolved: Edge[] }

const STATIC_FROM = /(?:^|[;}\n])\s*(?:import|export)\b[^'";]*?\bfrom\s*['"](\.[^'"]*)['"]/g;
const SIDE_EFFECT = /(?:^|[;}\n])\s*import\s*['"](\.[^'"]*)['"]/g;
const DYNAMIC = /\bimport\(\s*['"](\.[^'"]*)['"]\s*\)/g;

/** Drop comments so an example in a doc comment is not an edge. */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/.*$/gm, '');
}

export function importSpecifiers(src: string): string[] {
  const text = stripComments(src);
  const out: string[] = [];
  for (const re of [STATIC_FROM, SIDE_EFFECT, DYNAMIC]) for (const m of text.matchAll(re)) out.push(m[1]);
  return out;
}

function listTs(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const name of readdirSync(abs)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...listTs(root, rel));
    else if ((name.endsWith('.ts') || name.endsWith('.tsx')) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** `spec` imported from `file` as a repository path, or null when no such file exists. */
function resolve(root: string, file: string, spec: string): string | null {
  const base = normalize(join(dirname(file), spec));
  const candidates = [base, base + '.ts', join(base, 'index.ts'), base.replace(/\.js$/, '.ts')];
  for (const c of candidates) if (existsSync(join(root, c)) && statSync(join(root, c)).isFile()) return c;
  return null;
}

export function importGraph(root: string, dirs: readonly string[]): Graph {
  const files = dirs.flatMap((d) => listTs(root, d)).sort();
  const edges: Edge[] = [];
  const unresolved: Edge[] = [];
  for (const from of files) {
    for (const spec of importSpecifiers(readFileSync(join(root, from), 'utf8'))) {
      const to = resolve(root, from, spec);
      if (to === null) unresolved.push({ from, to: spec });
      else if (to.endsWith('.ts') || to.endsWith('.tsx')) edges.push({ from, to: relative('.', to) });
    }
  }
  return { files, edges, unresolved };
}

export interface Cycle { path: string[]; component: string[] }

/** The import cycles: one per strongly connected component (Tarjan), each with one closed
 *  path through it and every file in the component. */
export function importCycles(g: Graph): Cycle[] {
  const next = new Map<string, string[]>();
  for (const e of g.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const sccs: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || (next.get(v) ?? []).includes(v)) sccs.push(scc);
    }
  };
  for (const f of [...new Set([...g.files, ...g.edges.map((e) => e.to)])].sort()) if (!index.has(f)) visit(f);
  return sccs.map((scc) => ({ path: closedPath(next, scc), component: [...scc].sort() }));
}

/** The shortest cycle through the component's first file (breadth-first back to it). */
function closedPath(next: Map<string, string[]>, scc: string[]): string[] {
  const inScc = new Set(scc);
  const start = [...scc].sort()[0];
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (!inScc.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = prev.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
    }
  }
  return [start, start];
}
