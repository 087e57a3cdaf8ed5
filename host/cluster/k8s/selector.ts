// Kubernetes label selectors (matchLabels + matchExpressions with In, NotIn, Exists,
// DoesNotExist), as used by Deployment selectors and pod anti-affinity terms.

import type { Fields } from './fields.ts';

export interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export type Selector = Requirement[];

const OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function readSelector(f: Fields): Selector {
  const reqs: Selector = [];
  for (const [key, value] of Object.entries(f.stringMap('matchLabels'))) reqs.push({ key, op: 'In', values: [value] });
  for (const e of f.items('matchExpressions')) {
    const key = e.needStr('key');
    const op = e.needStr('operator');
    if (!OPS.includes(op)) e.fail('operator', `must be one of ${OPS.join(', ')}`, op);
    const values = (e.list('values') ?? []).map((v) => String(v));
    if ((op === 'In' || op === 'NotIn') && values.length === 0) e.fail('values', `must not be empty for operator ${op}`);
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) e.fail('values', `must be empty for operator ${op}`, values);
    reqs.push({ key, op: op as Requirement['op'], values });
  }
  return reqs;
}

/** An empty selector matches everything, as in Kubernetes. */
export function matches(sel: Selector, labels: Record<string, string>): boolean {
  return sel.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    switch (r.op) {
      case 'In':
        return has && r.values.includes(labels[r.key]);
      case 'NotIn':
        return !has || !r.values.includes(labels[r.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}
