// The benchmark's output files (--json, --report) are checked before anything is measured: a
// path that cannot be written used to surface after the whole run, as an internal error (exit
// 70) that threw the measurement away.

import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../host/errors.ts';

/** Throws a ConfigError naming `flag` unless `path` names a file that can be created or
 *  overwritten: its directory exists and is writable, and it is not itself a directory. */
export function checkOutputFile(flag: string, path: string): void {
  const why = reason(path);
  if (why !== null) throw new ConfigError(flag, `cannot write the file: ${why}`, path);
}

function reason(path: string): string | null {
  if (path === '') return 'empty path';
  const full = resolve(path);
  const dir = dirname(full);
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
    accessSync(dir, constants.W_OK);
  } catch (e) {
    return `${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  try {
    if (statSync(full).isDirectory()) return 'it is a directory';
    accessSync(full, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return code ?? (e as Error).message;
  }
  return null;
}

/** Writes `text` to `path`, a failure (a disk that filled during the run) as the flag's error. */
export function writeOutputFile(flag: string, path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new ConfigError(flag, `cannot write the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, path);
  }
}
