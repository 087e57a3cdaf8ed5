// Errors the user can fix. A ConfigError names the field (a path like `pools[0].blockSize`
// or a CLI argument like `host`) and the offending value, so the message alone is enough
// to find the mistake; the CLI prints it on one line and exits with status 2.

export class ConfigError extends Error {
  readonly field: string;
  readonly value: unknown;
  /** What to try instead (`did you mean …?`), printed after the value. */
  readonly hint: string;

  constructor(field: string, message: string, value?: unknown, hint = '') {
    super(message);
    this.name = 'ConfigError';
    this.field = field;
    this.value = value;
    this.hint = hint;
  }

  /** One line: `<field>: <message> (got <value>); <hint>`; the value and hint parts are left out when empty. */
  format(): string {
    const got = this.value === undefined ? '' : ` (got ${showValue(this.value)})`;
    return `${this.field}: ${this.message}${got}${this.hint ? `; ${this.hint}` : ''}`;
  }
}

/** Exit status for bad configuration or usage, as with most Unix tools (`2` = usage error). */
export const EXIT_USAGE = 2;

/** At most this many characters of a value are echoed: a binary or huge `--cluster` file must
 *  not turn the one error line into kilobytes of garbage. */
const SHOWN = 60;

function showValue(v: unknown): string {
  if (typeof v === 'string') return `"${clip(JSON.stringify(v).slice(1, -1))}"`;
  if (v === null) return 'null';
  if (typeof v === 'object') {
    try {
      return clip(JSON.stringify(v));
    } catch {
      return clip(String(v));
    }
  }
  return clip(String(v));
}

/** Printable characters only (JSON has escaped the C0 controls; what is left of Unicode's
 *  "other" classes and the replacement character of undecodable bytes becomes `?`), cut to
 *  SHOWN characters with an ellipsis. */
function clip(s: string): string {
  const chars = [...s.replace(/[\p{C}\u{FFFD}]/gu, '?')];
  if (chars.length <= SHOWN) return chars.join('');
  // an escape cut in half (`\u00`) would read as a different character
  return chars.slice(0, SHOWN - 1).join('').replace(/\\u[0-9a-fA-F]{0,3}$|(?<!\\)\\$/, '') + '…';
}
