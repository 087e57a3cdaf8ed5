// The CLI run in-process as a user types it, its output and exit status captured.

import { run } from '../../host/cli/main.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** `calico-ipip-sim ARGS…`, in-process. */
export async function runCli(args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

/** `runCli` with the words as arguments: `cli('exec', POD, '--', 'ip', 'addr')`. */
export const cli = (...args: string[]): Promise<CliResult> => runCli(args);
