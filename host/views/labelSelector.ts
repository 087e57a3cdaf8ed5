// `kubectl get -l SELECTOR`: the label selector syntax of apimachinery's labels.Parse —
// comma-separated requirements, each `key`, `!key`, `key=v`, `key==v`, `key!=v`,
// `key in (a,b)` or `key notin (a,b)` (`!=` and `notin` also match objects without the key).

import { ConfigError } from '../errors.ts';

type Req =
  | { op: 'exists' | '!exists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Splits on commas outside parentheses. */
function terms(sel: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of sel) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function parseTerm(term: string, whole: string): Req {
  const bad = (why: string): ConfigError => new ConfigError('-l', `${why} (e.g. app=busybox, app in (a,b), !app)`, whole);
  const t = term.trim();
  let m = /^!\s*(\S+)$/.exec(t);
  if (m) {
    if (!KEY.test(m[1])) throw bad(`invalid label key ${m[1]}`);
    return { op: '!exists', key: m[1] };
  }
  m = /^([^\s=!()]+)\s+(in|notin)\s+\(([^()]*)\)$/.exec(t);
  if (m) {
    const values = m[3].split(',').map((v) => v.trim());
    if (!KEY.test(m[1])) throw bad(`invalid label key ${m[1]}`);
    for (const v of values) if (!VALUE.test(v)) throw bad(`invalid label value ${v}`);
    return { op: m[2] as 'in' | 'notin', key: m[1], values };
  }
  m = /^([^\s=!()]+)\s*(==|=|!=)\s*([^\s=!()]*)$/.exec(t);
  if (m) {
    if (!KEY.test(m[1])) throw bad(`invalid label key ${m[1]}`);
    if (!VALUE.test(m[3])) throw bad(`invalid label value ${m[3]}`);
    return { op: m[2] === '!=' ? 'notin' : 'in', key: m[1], values: [m[3]] };
  }
  if (KEY.test(t)) return { op: 'exists', key: t };
  throw bad(t === '' ? 'empty requirement' : `cannot parse ${t}`);
}

export function parseLabelSelector(sel: string): (labels: Record<string, string>) => boolean {
  const reqs = terms(sel).map((t) => parseTerm(t, sel));
  return (labels) =>
    reqs.every((r) => {
      const has = Object.hasOwn(labels, r.key);
      switch (r.op) {
        case 'exists':
          return has;
        case '!exists':
          return !has;
        case 'in':
          return has && r.values.includes(labels[r.key]);
        case 'notin':
          return !has || !r.values.includes(labels[r.key]);
      }
    });
}
