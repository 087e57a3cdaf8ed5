// Regenerates host/layout.ts from assembly/layout.ts, the single source of truth:
//   node --import tsx host/dataplane/genLayout.ts
// Every `@inline export const NAME: u32 = expr;` becomes `export const NAME = expr;` (the
// expressions only use + - * and earlier names, so they mean the same in both languages),
// comments are kept, and LAYOUT_NAMES lists the names in declaration order: the order of
// the core's `layoutValue(i)`. test/layout/layout.test.ts fails when the two drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function generateHostLayout(asSource: string): string {
  const out: string[] = [
    '// GENERATED from assembly/layout.ts by host/dataplane/genLayout.ts: do not edit by hand.',
    '// The TypeScript mirror of the core\'s binary layout (diagrams and meaning: see the source).',
    '',
  ];
  const names: string[] = [];
  let inFunction = false;
  for (const line of asSource.split('\n')) {
    if (line.startsWith('/** Every value above')) inFunction = true;
    if (inFunction) continue;
    if (line.startsWith('// @ts-ignore: decorator')) continue;
    const m = /^@inline export const (\w+): [ui]32 = (.+);(.*)$/.exec(line);
    if (m) {
      names.push(m[1]);
      out.push(`export const ${m[1]} = ${m[2].replace(/<u32>/g, '')};${m[3]}`);
    } else out.push(line);
  }
  while (out[out.length - 1] === '') out.pop();
  out.push('', '/** Names in declaration order = the index order of the core\'s layoutValue(i). */');
  out.push('export const LAYOUT_NAMES: readonly string[] = [');
  for (const n of names) out.push(`  '${n}',`);
  out.push('];', '');
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const src = readFileSync(root + 'assembly/layout.ts', 'utf8');
  writeFileSync(root + 'host/layout.ts', generateHostLayout(src));
  console.log('wrote host/layout.ts');
}
