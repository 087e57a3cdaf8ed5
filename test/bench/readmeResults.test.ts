// README's results table is read from committed runs: every `--json bench/results/…` command
// README prints names a committed JSON whose `command` is that command and which matches the
// bench schema, and each engine's median in the Results table is its run's median.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateBenchResult } from './schema.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${ROOT}README.md`, 'utf8');

describe('README results: the figures come from the committed runs beside their commands', () => {
  const commands = [...readme.matchAll(/^(npm run bench -- .*--json (bench\/results\/[\w.-]+\.json))/gm)].map((m) => ({ command: m[1].trim(), file: m[2] }));

  it('names at least the seed runs with one and two workers', () => {
    assert.ok(commands.length >= 2, 'no `npm run bench -- … --json bench/results/…` command in README.md');
  });

  for (const { command, file } of commands) {
    it(`${file}: committed, valid, run by the command printed`, () => {
      assert.ok(existsSync(`${ROOT}${file}`), `${file} is not committed`);
      const doc = JSON.parse(readFileSync(`${ROOT}${file}`, 'utf8'));
      assert.deepEqual(validateBenchResult(doc), []);
      assert.equal(doc.command, command);
    });
  }

  it('the Results table gives each engine the median of its run', () => {
    const section = readme.slice(readme.indexOf('## Results'), readme.indexOf('### ', readme.indexOf('## Results')));
    const runs = commands.filter((c) => section.includes(c.command)).map((c) => JSON.parse(readFileSync(`${ROOT}${c.file}`, 'utf8')));
    assert.ok(runs.length > 0, 'the Results section prints no run command');
    for (const doc of runs) {
      for (const e of doc.engines as { engine: string; mpps: { median: number } }[]) {
        const row = section.split('\n').find((l) => l.startsWith(`| ${e.engine} `));
        assert.ok(row, `no row for ${e.engine}`);
        assert.ok(row.includes(e.mpps.median.toFixed(2)), `${e.engine}: ${e.mpps.median.toFixed(2)} (${doc.command}) not in "${row}"`);
      }
    }
  });
});
