// commander's own usage errors (a missing argument, an option without its value, an unknown
// option or command, a value outside the choices) in the project's one-line form. commander
// is told to print nothing (`quiet`), and `usageError` rebuilds a ConfigError from the
// CommanderError it throws, so one place (ConfigError.format) decides how errors look.

import { CommanderError, type Command } from 'commander';
import { ConfigError } from '../errors.ts';
import type { Io } from '../io.ts';

/** `cmd` writing help and version through `io`, throwing instead of exiting, printing no errors. */
export function quiet(cmd: Command, io: Io): Command {
  return cmd.configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} }).exitOverride();
}

/** The long flag of commander's `-c, --count <n>`-style flags (else the short one). */
function flagOf(flags: string): string {
  const words = flags.split(/[ ,|]+/).filter((w) => w.startsWith('-'));
  return words.find((w) => w.startsWith('--')) ?? words[0] ?? flags;
}

/** commander's "Allowed choices are a, b." → "must be one of a, b"; other reasons as they are. */
function reason(text: string): string {
  const choices = /^Allowed choices are (.*?)\.?$/.exec(text.trim());
  return choices ? `must be one of ${choices[1]}` : text.trim().replace(/\.$/, '');
}

/** The ConfigError for a CommanderError that is not help or version (those exit 0). */
export function usageError(e: CommanderError): ConfigError {
  const m = e.message.replace(/^error: /, '');
  let r: RegExpExecArray | null;
  switch (e.code) {
    case 'commander.missingArgument':
      if ((r = /^missing required argument '(.+)'$/.exec(m))) return new ConfigError(r[1], 'missing (a required argument; try --help)');
      break;
    case 'commander.optionMissingArgument':
      if ((r = /^option '(.+)' argument missing$/.exec(m))) return new ConfigError(flagOf(r[1]), `needs a value (${r[1]})`);
      break;
    case 'commander.unknownOption':
      if ((r = /^unknown option '(.+?)'(?:\s*\(Did you mean (.+)\?\))?$/s.exec(m))) return new ConfigError('option', 'not an option of this command (try --help)', r[1], r[2] ? `did you mean ${r[2]}?` : '');
      break;
    case 'commander.unknownCommand':
      if ((r = /^unknown command '(.+?)'(?:\s*\(Did you mean (.+)\?\))?$/s.exec(m))) return new ConfigError('command', 'not a command (try --help)', r[1], r[2] ? `did you mean ${r[2]}?` : '');
      break;
    case 'commander.invalidArgument':
      if ((r = /^option '(.+?)' argument '(.*)' is invalid\.(.*)$/s.exec(m))) return new ConfigError(flagOf(r[1]), reason(r[3]), r[2]);
      if ((r = /^command-argument value '(.*)' is invalid for argument '(.+?)'\.(.*)$/s.exec(m))) return new ConfigError(r[2], reason(r[3]), r[1]);
      break;
    case 'commander.excessArguments':
      if ((r = /^too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(m))) {
        return new ConfigError(r[1] ?? 'arguments', `takes ${r[2]} argument${r[2] === '1' ? '' : 's'} (try --help)`, Number(r[3]));
      }
      break;
  }
  return new ConfigError('usage', m.split('\n')[0]);
}
