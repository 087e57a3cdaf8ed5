// A program run as `program … | head` would run it: its stdout's reader goes away after the first
// chunk, so what the program writes next meets a closed pipe.
import { spawn } from 'node:child_process';

export interface ClosedPipeRun {
  /** The exit code, or the signal that ended the program. */
  status: number | string | null;
  err: string;
}

/** Runs `node script args…` and closes its stdout after the first chunk it writes. */
export async function runWithReaderGone(script: string, args: string[]): Promise<ClosedPipeRun> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | string | null>((done) => child.on('close', (code, signal) => done(code ?? signal)));
  return { status, err };
}
