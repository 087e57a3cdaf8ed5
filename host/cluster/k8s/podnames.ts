// Generated pod names of a Deployment: `<deployment>-<pod-template-hash>-<suffix>`.
//
// Kubernetes: pod-template-hash = SafeEncodeString(decimal FNV-32a of the template's Go struct
// dump (+ collision count)); SafeEncodeString maps each character c to
// "bcdfghjklmnpqrstvwxz2456789"[c % 27], so a hash is ten-ish characters from {4-9,b,c,d,f} (the
// seed's 77649b9c55 is the hash 3320565711). The 5-character suffix is random from the same
// alphabet. The Go dump cannot be reproduced from YAML, so here the FNV-32a runs over the
// template's canonical JSON (keys sorted): same shape, stable, not the cluster's real value.

import { sha1 } from '../sha1.ts';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv32a(canonical(template))));
}

/** Stable stand-in for the random `utilrand.String(5)` suffix of replica `index`: `draw` 0 is
 *  the first pick (the names the fixtures know), each further draw a fresh one. */
export function replicaSuffix(namespace: string, deployment: string, hash: string, index: number, draw = 0): string {
  const b = sha1(`replica:${namespace}/${deployment}/${hash}/${index}${draw === 0 ? '' : `/${draw}`}`);
  let s = '';
  for (let i = 0; i < 5; i++) s += ALPHANUMS[b[i] % ALPHANUMS.length];
  return s;
}
