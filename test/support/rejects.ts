// The seed cluster with one change, built: it must fail with a ConfigError naming `field` and
// `value` (undefined = a missing field, printed without "(got …)").

import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { ConfigError } from '../../host/errors.ts';

export type Mutate = (s: any) => void;

/** Builds the seed changed by `mutate`; returns the error's one-line text for further checks. */
export function rejectsSeed(mutate: Mutate, field: string, value: unknown, msg?: RegExp): string {
  const s: any = defaultClusterSpec();
  mutate(s);
  let line = '';
  assert.throws(
    () => buildCluster(s),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.equal(e.field, field);
      assert.deepEqual(e.value, value);
      if (msg) assert.match(e.message, msg);
      line = e.format();
      return true;
    },
  );
  return line;
}
