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

function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'object') {
    try {
      const s = JSON.stringify(v);
      return s.length > 80 ? s.slice(0, 77) + '...' : s;
    } catch {
      return String(v);
    }
  }
  return String(v);
}
