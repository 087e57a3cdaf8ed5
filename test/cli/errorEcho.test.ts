// An error line echoes at most 60 printable characters of the value it complains about: a
// binary or huge --cluster file gives one short line, not kilobytes of its bytes.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.ts';
import { ConfigError } from '../../host/errors.ts';

/** Bytes that are no UTF-8 and no YAML structure: YAML reads them as one long plain scalar. */
function garbage(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const c = (x >>> 16) & 255;
    b[i] = c === 10 || c === 13 || c === 0x3a || c === 0x23 ? 0x80 : c; // no line breaks, ':' or '#'
  }
  b[0] = 0x80;
  return b;
}

describe('what an error line echoes of a value', () => {
  it('a binary --cluster file: one line of at most ~120 characters, printable, cut with …', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cis-echo-')), 'cluster.yaml');
    writeFileSync(file, garbage(20_000));
    const r = await cli('--cluster', file, 'get', 'nodes');
    assert.equal(r.code, 2, r.err);
    assert.equal(r.err.split('\n').length, 2, r.err);
    assert.ok(r.err.length < 140, `${r.err.length} characters: ${r.err}`);
    assert.match(r.err, /^error: cluster: must be a mapping \(got ".*…"\)\n$/);
    assert.doesNotMatch(r.err.slice(0, -1), /[\p{C}\u{FFFD}]/u);
  });

  it('a long value: its first 59 characters and an ellipsis', () => {
    assert.equal(new ConfigError('f', 'm', 'a'.repeat(10_000)).format(), `f: m (got "${'a'.repeat(59)}…")`);
    assert.equal(new ConfigError('f', 'm', 'short').format(), 'f: m (got "short")');
    assert.equal(new ConfigError('f', 'm', { k: 'v'.repeat(100) }).format(), `f: m (got {"k":"${'v'.repeat(53)}…)`);
  });

  it('controls stay escaped, other unprintables become ?, and no escape is cut in half', () => {
    assert.equal(new ConfigError('f', 'm', 'a\tb\u007f\u0085\ufffd').format(), 'f: m (got "a\\tb???")');
    assert.equal(new ConfigError('f', 'm', '\u0001'.repeat(20)).format(), `f: m (got "${'\\u0001'.repeat(9)}…")`);
  });
});
