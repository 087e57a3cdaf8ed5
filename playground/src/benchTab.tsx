// The benchmark tab: the engines (null, ts, wasm) forwarding the seed's cross-host pings in Web
// Workers over one SharedArrayBuffer-backed memory; Mpps per run as a chart (uPlot), and per
// engine the median with its min–max spread, and the books after the drain.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Cluster, EngineName } from '../../host/api/browser.ts';
import { benchEngine, type EngineRun } from './bench.ts';

const COLORS: Record<EngineName, string> = { null: '#95a5a6', ts: '#2471a3', wasm: '#e67e22' };

function Chart({ series }: { series: Partial<Record<EngineName, number[]>> }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const engines = (Object.keys(series) as EngineName[]).filter((e) => series[e]!.length > 0);
    const n = Math.max(0, ...engines.map((e) => series[e]!.length));
    const x = Array.from({ length: n }, (_, i) => i + 1);
    const data: uPlot.AlignedData = [x, ...engines.map((e) => x.map((_, i) => series[e]![i] ?? null))];
    const plot = new uPlot({
      width: box.current.clientWidth || 600, height: 220,
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
      axes: [{ label: 'run', stroke: '#566573', incrs: [1], values: (_u, v) => v.map(String) }, { label: 'Mpps delivered', stroke: '#566573' }],
      series: [{ label: 'run' }, ...engines.map((e) => ({ label: e, stroke: COLORS[e], width: 2, points: { show: true, size: 6 } }))],
    }, data, box.current);
    return () => plot.destroy();
  }, [series]);
  return <div ref={box} class="chart" data-testid="chart" />;
}

export function BenchTab({ cluster, module }: { cluster: Cluster; module: WebAssembly.Module }) {
  const [runS, setRunS] = useState(1);
  const [runs, setRuns] = useState(5);
  const [workers, setWorkers] = useState(Math.min(2, navigator.hardwareConcurrency || 1));
  const [busy, setBusy] = useState<string | null>(null);
  const [series, setSeries] = useState<Partial<Record<EngineName, number[]>>>({});
  const [results, setResults] = useState<EngineRun[]>([]);
  const [error, setError] = useState<string | null>(null);

  const start = async (): Promise<void> => {
    setResults([]);
    setSeries({});
    setError(null);
    const got: EngineRun[] = [];
    const live: Partial<Record<EngineName, number[]>> = {};
    try {
      for (const engine of ['null', 'ts', 'wasm'] as EngineName[]) {
        setBusy(`${engine}…`);
        live[engine] = [];
        const r = await benchEngine(cluster, engine, { engines: [], workers, warmupS: 1, runS, runs, size: 98 }, module, (m) => {
          live[engine] = [...live[engine]!, m];
          setSeries({ ...live });
        });
        got.push(r);
        setResults([...got]);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const wasm = results.find((r) => r.engine === 'wasm');
  const ts = results.find((r) => r.engine === 'ts');
  return (
    <div class="bench">
      <div class="toolbar">
        <label>workers <input type="number" min={1} max={8} value={workers} onInput={(e) => setWorkers(Number((e.target as HTMLInputElement).value))} /></label>
        <label>runs <input type="number" min={1} max={20} value={runs} onInput={(e) => setRuns(Number((e.target as HTMLInputElement).value))} /></label>
        <label>seconds per run <input type="number" min={0.1} max={10} step={0.1} value={runS} onInput={(e) => setRunS(Number((e.target as HTMLInputElement).value))} /></label>
        <button class="primary" disabled={busy !== null} onClick={start} data-testid="bench-run">{busy ? `running ${busy}` : 'Run benchmark'}</button>
        <span class="hint">98-byte cross-host pings (every frame encapsulated on one node, decapsulated on the other) by each engine in Web Workers on one shared memory, after 1 s of warm-up; the same loop, rings and burst as npm run bench ({navigator.hardwareConcurrency} logical cores here)</span>
      </div>
      {error && <div class="error" data-testid="bench-error">{error}</div>}
      <Chart series={series} />
      <table class="grid benchres" data-testid="bench-results">
        <thead><tr><th>engine</th><th>Mpps median</th><th>min–max</th><th>runs</th><th>books</th></tr></thead>
        <tbody>
          {results.map((r) => (
            <tr data-engine={r.engine}>
              <td><span class="dot" style={{ background: COLORS[r.engine] }} />{r.engine}</td>
              <td class="num mpps">{r.median.toFixed(2)}</td>
              <td class="num">{r.min.toFixed(2)}–{r.max.toFixed(2)}</td>
              <td class="num">{r.mpps.length}</td>
              <td class={r.balanced ? 'ok' : 'bad'}>{r.balanced ? 'balanced' : 'NOT balanced'}</td>
            </tr>
          ))}
          {wasm && ts && <tr class="ratio"><td>wasm/ts</td><td class="num">{(wasm.median / ts.median).toFixed(2)}×</td><td colSpan={3}>same run, this browser</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
