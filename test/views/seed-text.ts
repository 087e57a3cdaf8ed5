// Pulls command outputs out of the seed's transcript (test/fixtures/seed/transcript.txt: every
// command the seed's author typed, with the lines it printed, in the seed's order; the article's
// prose is left out). An output is the run of lines after a prompt line
// (`[root@k8s-master-1 ~]# route -n`, `/ # ip addr`) up to the next blank line.
//
// Copy-paste mangling in the seed and how it is undone (the only normalisation applied):
// - the author appended Chinese comments to some output lines, after tabs or one space and `#`
//   (e.g. `UH ... cali12242800409\t\t# busybox pod路由规则`). Real `ip`/`route` output never
//   contains ` #`, so everything from whitespace + `#` + space to the end of the line is dropped,
//   together with the whitespace before it.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SEED_PATH = fileURLToPath(new URL('../fixtures/seed/transcript.txt', import.meta.url));

export function seedLines(): string[] {
  return readFileSync(SEED_PATH, 'utf8').split('\n');
}

export function stripAuthorComment(line: string): string {
  return line.replace(/[ \t]+#\s.*$/, '');
}

/** Every output printed after a prompt line equal to `prompt` (exact), comments stripped. */
export function seedOutputs(prompt: string): string[][] {
  const lines = seedLines();
  const outs: string[][] = [];
  lines.forEach((l, i) => {
    if (l.trimEnd() !== prompt) return;
    const out: string[] = [];
    for (let k = i + 1; k < lines.length && lines[k].trim() !== ''; k++) out.push(stripAuthorComment(lines[k]));
    outs.push(out);
  });
  return outs;
}
