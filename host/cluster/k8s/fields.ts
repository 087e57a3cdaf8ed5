// A reader over one manifest object that remembers which fields were read. Whatever the
// converter did not read is reported by `finish()` as one warning per field path, so an
// unsupported field is never dropped without a word. Bad values are ConfigErrors naming the
// object (`Deployment devops/busybox`) and the field path (`spec.replicas`).

import { ConfigError } from '../../errors.ts';

export type Warn = (line: string) => void;

/** Metadata every object carries that means nothing to a network simulation (API bookkeeping). */
const BOOKKEEPING = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink']);

export class Fields {
  private readonly read = new Set<string>();
  private readonly reasons = new Map<string, string>();
  private readonly children: Fields[] = [];

  constructor(
    /** `Kind namespace/name`, the prefix of every message about this object. */
    readonly what: string,
    /** Path of this mapping inside the object, '' for the object itself. */
    readonly path: string,
    readonly raw: Record<string, unknown>,
  ) {}

  static of(what: string, path: string, v: unknown): Fields {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${what} ${path || '(object)'}`, 'must be a mapping', v);
    return new Fields(what, path, v as Record<string, unknown>);
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, message: string, value?: unknown): never {
    throw new ConfigError(`${this.what} ${this.at(key)}`, message, value);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  get(key: string): unknown {
    this.read.add(key);
    return this.raw[key] ?? undefined;
  }

  /** Marks a field as read on purpose although it has no effect, so it is not reported. */
  accept(...keys: string[]): void {
    for (const k of keys) this.read.add(k);
  }

  /** Gives the reason printed if `key` is present and left unread (instead of "not simulated"). */
  explain(key: string, reason: string): void {
    this.reasons.set(key, reason);
  }

  child(key: string): Fields | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    const f = Fields.of(this.what, this.at(key), v);
    this.children.push(f);
    return f;
  }

  /** A list of mappings; each element becomes a tracked child (`path[i]`). */
  items(key: string): Fields[] {
    const v = this.get(key);
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(key, 'must be a list', v);
    return v.map((e, i) => {
      const f = Fields.of(this.what, `${this.at(key)}[${i}]`, e);
      this.children.push(f);
      return f;
    });
  }

  list(key: string): unknown[] | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) this.fail(key, 'must be a list', v);
    return v;
  }

  str(key: string): string | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') this.fail(key, 'must be a non-empty string', v);
    return v;
  }

  needStr(key: string): string {
    const v = this.str(key);
    if (v === undefined) this.fail(key, 'is required');
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(key, 'must be true or false', v);
    return v;
  }

  int(key: string, min: number, max: number): number | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.fail(key, `must be an integer in ${min}..${max}`, v);
    return v;
  }

  /** A string→string map (labels, annotations, nodeSelector). */
  stringMap(key: string): Record<string, string> {
    const v = this.get(key);
    if (v === undefined) return {};
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(key, 'must be a mapping of strings', v);
    for (const [k, x] of Object.entries(v as object)) {
      if (typeof x !== 'string') throw new ConfigError(`${this.what} ${this.at(key)}.${k}`, 'must be a string', x);
    }
    return v as Record<string, string>;
  }

  /** Reports every field nobody read, here and in every child, one warning line each. */
  finish(warn: Warn, reason = 'not simulated, ignored'): void {
    for (const [k, v] of Object.entries(this.raw)) {
      if (this.read.has(k) || v === undefined) continue;
      if (this.path === 'metadata' && BOOKKEEPING.has(k)) continue;
      warn(`${this.what}: ${this.at(k)}: ${this.reasons.get(k) ?? reason}`);
    }
    for (const c of this.children) c.finish(warn, reason);
  }
}

/** Annotations read one by one: every annotation nobody asked for is reported by `finish`. */
export class Annotations {
  private readonly read = new Set<string>();
  constructor(
    private readonly what: string,
    private readonly path: string,
    private readonly map: Record<string, string>,
  ) {}

  get(key: string): string | undefined {
    this.read.add(key);
    return this.map[key];
  }

  fail(key: string, message: string, value?: unknown): never {
    throw new ConfigError(`${this.what} ${this.path}[${key}]`, message, value);
  }

  finish(warn: Warn): void {
    for (const k of Object.keys(this.map)) {
      if (!this.read.has(k)) warn(`${this.what}: ${this.path}[${k}]: annotation not simulated, ignored`);
    }
  }
}

/** Comma-separated list annotation; empty entries stay '' (meaning "derive this one"). */
export function commaList(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v.split(',').map((s) => s.trim());
}
