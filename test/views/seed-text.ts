// Pulls command outputs out of the seed text. An output is the run of lines after a prompt line
// (`[root@k8s-master-1 ~]# route -n`, `/ # ip addr`) up to the next blank or whitespace-only line
// or the next paragraph of the article's prose (a `  • ` or `  1. ` bullet right after the output).
//
// Copy-paste mangling in the seed and how it is undone (the only normalisation applied):
// - the author appended Chinese comments to some output lines, after tabs or one space and `#`
//   (e.g. `UH ... cali12242800409\t\t# busybox pod路由规则`). Real `ip`/`route` output never
//   contains ` #`, so everything from whitespace + `#` + space to the end of the line is dropped,
//   together with the whitespace before it.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SEED_PATH = fileURLToPath(new URL('../../../shared/seeds/000_486da36c1d4dc23d.txt', import.meta.url));

export function seedLines(): string[] {
  return readFileSync(SEED_PATH, 'utf8').split('\n');
}

export function stripAuthorComment(line: string): string {
  return line.replace(/[ \t]+#\s.*$/, '');
}

const PROSE = /^ {2}(•|\d+\.) /;

/** Every output printed after a prompt line equal to `prompt` (exact), comments stripped. */
export function seedOutputs(prompt: string): string[][] {
  const lines = seedLines();
  const outs: string[][] = [];
  lines.forEach((l, i) => {
    if (l.trimEnd() !== prompt) return;
    const out: string[] = [];
    for (let k = i + 1; k < lines.length && lines[k].trim() !== '' && !PROSE.test(lines[k]); k++) out.push(stripAuthorComment(lines[k]));
    outs.push(out);
  });
  return outs;
}
