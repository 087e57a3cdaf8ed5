// `calico-ipip-sim --state FILE sleep <seconds>`: lets simulated time pass in a journaled
// session, so neighbour entries age (REACHABLE → STALE) as they do between the seed's commands.

import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { stateOf, type ExitStatus } from '../context.ts';
import type { Io } from '../../io.ts';

/** `sleep`'s operand as typed, checked (one-shot and inside `shell`): the error shows the text. */
export function sleepSeconds(text: string): number {
  const s = Number(text);
  if (text.trim() === '' || !Number.isFinite(s) || s < 0) throw new ConfigError('sleep', 'must be a number of seconds ≥ 0', text);
  return s;
}

export function register(program: Command, io: Io, _status: ExitStatus): void {
  program
    .command('sleep')
    .description('advance the simulated clock of the --state session by SECONDS (timers fire: ARP entries age)')
    .argument('<seconds>', 'simulated seconds')
    .action((seconds: string, _opts: unknown, cmd: Command) => {
      const journal = stateOf(cmd, 'wasm', io);
      if (journal === null) throw new ConfigError('--state', 'sleep needs a session file to advance', '(none)');
      journal.sleep(sleepSeconds(seconds), seconds);
    });
}
