// `ip -j` and `ip -j -p` output as iproute2 writes it (lib/json_writer.c): compact JSON without
// spaces, or its "pretty" layout — members on their own lines indented by 4 per depth, arrays
// opened with "[ " and closed with " ]", array elements on the same line separated by ",",
// objects in an array joined as "},{". Keys keep the order iproute2 prints them in.

export type IpJson = string | number | boolean | null | IpJson[] | { [k: string]: IpJson };

class Writer {
  out = '';
  private depth = 0;
  private sep = '';

  constructor(private readonly pretty: boolean) {}

  private eol(): void {
    if (this.pretty) this.out += '\n' + '    '.repeat(this.depth);
  }

  private eor(): void {
    this.out += this.sep;
    this.sep = ',';
  }

  private begin(c: string): void {
    this.eor();
    this.out += c;
    this.depth++;
    this.sep = '';
  }

  private end(c: string): void {
    this.depth--;
    if (this.sep !== '') this.eol();
    this.out += c;
    this.sep = ',';
  }

  value(v: IpJson): void {
    if (Array.isArray(v)) {
      this.begin('[');
      if (this.pretty) this.out += ' ';
      for (const x of v) this.value(x);
      if (this.pretty && this.sep) this.out += ' ';
      this.sep = '';
      this.depth--;
      this.out += ']';
      this.sep = ',';
    } else if (v !== null && typeof v === 'object') {
      this.begin('{');
      for (const [k, x] of Object.entries(v)) {
        this.eor();
        this.eol();
        this.sep = '';
        this.out += JSON.stringify(k) + (this.pretty ? ': ' : ':');
        this.value(x);
      }
      this.end('}');
    } else {
      this.eor();
      this.out += JSON.stringify(v);
    }
  }
}

/** The text `ip -j [-p]` prints for `v` (newline-terminated). */
export function ipJson(v: IpJson, pretty: boolean): string {
  const w = new Writer(pretty);
  w.value(v);
  return w.out + '\n';
}
