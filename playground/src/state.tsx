// Route tables, neighbour tables and counters of one host, as they are after the last command;
// what changed since the command before is marked.
import type { NodeCounters } from '../../host/api/browser.ts';
import type { HostState } from './lab.ts';

function Lines({ now, before, testid }: { now: string; before: string | null; testid: string }) {
  const old = new Set((before ?? '').split('\n'));
  const lines = now.replace(/\n$/, '').split('\n');
  return (
    <pre class="term small" data-testid={testid}>
      {lines.map((l) => <div class={before !== null && !old.has(l) ? 'chg' : ''}>{l || ' '}</div>)}
    </pre>
  );
}

function counterRows(c: NodeCounters): [string, number][] {
  const rows: [string, number][] = [];
  for (const k of ['rx', 'forwarded', 'encap', 'decap', 'deliveredPod', 'deliveredHost', 'createdArp', 'createdIcmp', 'echoReplies', 'icmpErrors', 'txWire', 'dropped'] as const) rows.push([k, c[k]]);
  for (const [k, v] of Object.entries(c.drops)) rows.push([`drop.${k}`, v]);
  return rows;
}

function Counters({ now, before }: { now: NodeCounters; before: NodeCounters | null }) {
  const prev = new Map(before ? counterRows(before) : []);
  const ifaces = Object.entries(now.ifaces);
  return (
    <div class="counters" data-testid="counters">
      <table class="grid kv">
        <tbody>
          {counterRows(now).map(([k, v]) => {
            const d = v - (prev.get(k) ?? 0);
            return <tr class={d ? 'chg' : ''}><td>{k}</td><td class="num">{v}</td><td class="num delta">{d ? `+${d}` : ''}</td></tr>;
          })}
        </tbody>
      </table>
      <table class="grid">
        <thead><tr><th>iface</th><th>rx pkts</th><th>tx pkts</th><th>rx bytes</th><th>tx bytes</th></tr></thead>
        <tbody>
          {ifaces.map(([name, f]) => {
            const p = before?.ifaces[name];
            const chg = !p || p.rxPackets !== f.rxPackets || p.txPackets !== f.txPackets;
            return <tr class={chg && before ? 'chg' : ''}><td class="mono">{name}</td><td class="num">{f.rxPackets}</td><td class="num">{f.txPackets}</td><td class="num">{f.rxBytes}</td><td class="num">{f.txBytes}</td></tr>;
          })}
        </tbody>
      </table>
    </div>
  );
}

export function StatePanel({ hosts, host, onHost, now, before }: { hosts: string[]; host: string; onHost: (h: string) => void; now: HostState; before: HostState | null }) {
  return (
    <div class="state">
      <div class="hosttabs">
        {hosts.map((h) => <button class={h === host ? 'sel' : ''} onClick={() => onHost(h)}>{h}</button>)}
      </div>
      <h4>ip route</h4>
      <Lines now={now.routes} before={before?.routes ?? null} testid="routes" />
      <h4>ip neigh</h4>
      <Lines now={now.neigh || '(empty)'} before={before ? before.neigh || '(empty)' : null} testid="neigh" />
      {now.counters && <><h4>dataplane counters</h4><Counters now={now.counters} before={before?.counters ?? null} /></>}
    </div>
  );
}
