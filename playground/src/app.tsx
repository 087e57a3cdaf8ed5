// The playground: pick a cluster (the seed, a shipped example, or YAML pasted or dropped in),
// a pod, a destination and a command; the page runs it in the simulated cluster (the real core)
// and shows what it printed, the walk of each packet interface by interface, every frame as a
// protocol tree with its bytes, the hosts' tables and counters, and each interface's pcap.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ConfigError, buildCluster, defaultClusterSpec, parseClusterYaml, type Cluster } from '../../host/api/browser.ts';
import { BenchTab } from './benchTab.tsx';
import { EXAMPLES } from './examples.ts';
import { FrameView } from './frame.tsx';
import { Lab, type Command, type HostState, type Run } from './lab.ts';
import { StatePanel } from './state.tsx';
import { readHash, writeHash, type UrlState } from './urlState.ts';
import { HopTable, PacketList, WalkDiagram } from './walk.tsx';

const STEP_MS = 550;

/** The cluster a YAML text describes, through the CLI's own parse and validation. */
function clusterFrom(yaml: string | null, source: string, warn: (w: string) => void): Cluster {
  return buildCluster(yaml === null ? defaultClusterSpec() : parseClusterYaml(yaml, source, warn));
}

function errorLine(e: unknown): string {
  return e instanceof ConfigError ? `error: ${e.format()}` : `error: ${e instanceof Error ? e.message : String(e)}`;
}

function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: 'application/vnd.tcpdump.pcap' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function App({ module }: { module: WebAssembly.Module }) {
  const first = useMemo(() => readHash(location.hash), []);
  const [url, setUrl] = useState<UrlState>(first);
  const [pasted, setPasted] = useState<string | null>(null);
  const [yamlDraft, setYamlDraft] = useState('');
  const [showYaml, setShowYaml] = useState(false);
  const [yamlError, setYamlError] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [run, setRun] = useState<Run | null>(null);
  const [packet, setPacket] = useState(0);
  const [hop, setHop] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [frameN, setFrameN] = useState<number | null>(null);
  const [host, setHost] = useState<string>('');
  const [states, setStates] = useState<{ now: Map<string, HostState>; before: Map<string, HostState> | null }>({ now: new Map(), before: null });
  const [tick, setTick] = useState(0);

  // the cluster and its simulation: rebuilt when the cluster changes
  const built = useMemo(() => {
    const w: string[] = [];
    try {
      const ex = EXAMPLES.find((x) => x.id === url.cluster);
      if (!ex && !(url.cluster === 'pasted' && pasted !== null)) {
        throw new ConfigError('cluster', url.cluster === 'pasted' ? 'a pasted cluster is not kept in the link: paste it again (the seed is shown)' : `no shipped example of that name (${EXAMPLES.map((x) => x.id).join(', ')})`, url.cluster);
      }
      const cluster = url.cluster === 'pasted' && pasted !== null ? clusterFrom(pasted, 'pasted.yaml', (x) => w.push(x)) : clusterFrom(ex?.yaml ?? null, ex ? ex.id : 'seed', (x) => w.push(x));
      return { lab: new Lab(cluster), error: null as string | null, warnings: w };
    } catch (e) {
      return { lab: new Lab(buildCluster(defaultClusterSpec())), error: errorLine(e), warnings: w };
    }
  }, [url.cluster, pasted]);
  const lab = built.lab;
  const cluster = lab.cluster;
  const pods = useMemo(() => lab.pods(), [lab]);
  // Pods left Pending or refused by a full node have no IP to ping from or to: counted, not listed.
  const unplaced = cluster.spec.unplacedPods?.length ?? 0;
  const hosts = useMemo(() => [...cluster.nodes.map((n) => n.spec.name), ...cluster.pods.map((p) => p.name)], [cluster]);

  const snapshot = (): Map<string, HostState> => new Map(hosts.map((h) => [h, lab.state(h)]));

  useEffect(() => {
    setWarnings(built.warnings);
    setRun(null);
    setStates({ now: snapshot(), before: null });
    setHost(cluster.nodes[0]?.spec.name ?? '');
    if (built.error) setYamlError(built.error);
    // a link that names a command replays it on load
    if (url.pod && url.dst && !built.error) execute(url.command, url.pod, url.dst, url.count);
  }, [lab]);

  useEffect(() => {
    const h = writeHash(url);
    if (h !== location.hash && !(h === '#' && location.hash === '')) history.replaceState(null, '', h === '#' ? location.pathname : h);
  }, [url]);

  const execute = (command: Command, pod: string, dst: string, count: number): void => {
    const before = snapshot();
    const r = lab.run(command, pod, dst, count);
    const main = r.packets.findIndex((p) => /echo request|UDP/.test(p.title));
    setRun(r);
    setPacket(main >= 0 ? main : 0);
    setHop(0);
    setFrameN(null);
    setPlaying(true);
    setStates({ now: snapshot(), before });
    setTick(tick + 1);
  };

  const pk = run?.packets[packet] ?? null;
  useEffect(() => {
    if (!playing || !pk) return;
    if (hop >= pk.walk.hops.length - 1) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => setHop(hop + 1), STEP_MS);
    return () => clearTimeout(t);
  }, [playing, hop, pk]);

  const frame = frameN !== null ? run?.frames[frameN - 1] ?? null : pk?.frames[hop] ?? null;

  const applyYaml = (text: string): void => {
    const w: string[] = [];
    try {
      clusterFrom(text, 'pasted.yaml', (x) => w.push(x)); // the same validation as the CLI's --cluster
      setYamlError(null);
      setPasted(text);
      setShowYaml(false);
      setUrl({ ...url, cluster: 'pasted', pod: null, dst: null });
    } catch (e) {
      setYamlError(errorLine(e));
    }
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    const f = e.dataTransfer?.files[0];
    if (f) void f.text().then((t) => { setYamlDraft(t); applyYaml(t); });
  };

  const pod = url.pod ?? `${pods[0]?.key ?? ''}`;
  const podKey = pods.find((p) => p.key === pod || p.name === pod)?.key ?? pods[0]?.key ?? '';
  const dsts = [...pods.filter((p) => p.key !== podKey).map((p) => ({ ip: p.ip, what: `${p.name} on ${p.node}` })), ...cluster.nodes.map((n) => ({ ip: n.spec.ip, what: `node ${n.spec.name}` }))];
  const dst = url.dst ?? dsts[0]?.ip ?? '';
  const caps = run ? lab.captures() : [];

  return (
    <div class="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header>
        <div class="brand"><b>calico-ipip-sim</b> playground <span class="sub">the Calico IPIP dataplane, byte-exact to Linux, running on build/core.wasm in this page</span></div>
        <nav>
          <button class={url.tab === 'walk' ? 'sel' : ''} onClick={() => setUrl({ ...url, tab: 'walk' })}>Walk</button>
          <button class={url.tab === 'bench' ? 'sel' : ''} onClick={() => setUrl({ ...url, tab: 'bench' })} data-testid="tab-bench">Benchmark</button>
        </nav>
      </header>
      <div class="clusterbar">
        <label>cluster
          <select value={url.cluster} onChange={(e) => { setUrl({ ...url, cluster: (e.target as HTMLSelectElement).value, pod: null, dst: null }); setYamlError(null); }} data-testid="cluster">
            {EXAMPLES.map((x) => <option value={x.id}>{x.title}</option>)}
            {pasted !== null && <option value="pasted">pasted YAML</option>}
          </select>
        </label>
        <button onClick={() => setShowYaml(!showYaml)} data-testid="yaml-toggle">Paste or drop YAML…</button>
        <span class="facts mono">{cluster.nodes.length} nodes · {cluster.pods.length} pods{unplaced > 0 ? ` (+${unplaced} not running)` : ''} · pools {cluster.spec.pools.map((p) => `${p.cidr} ${p.ipipMode}`).join(', ')} · mtu {cluster.spec.mtu ?? 1500}</span>
      </div>
      {yamlError && <div class="error" data-testid="error">{yamlError}</div>}
      {warnings.length > 0 && <div class="warn">{warnings.length} warning(s): {warnings.slice(0, 3).join(' · ')}{warnings.length > 3 ? ' …' : ''}</div>}
      {showYaml && (
        <div class="yaml">
          <textarea class="mono" rows={14} placeholder="nodes: … pools: … pods: …  (the simulator's cluster YAML or Kubernetes/Calico manifests; or drop a file anywhere)" value={yamlDraft} onInput={(e) => setYamlDraft((e.target as HTMLTextAreaElement).value)} data-testid="yaml" />
          <button class="primary" onClick={() => applyYaml(yamlDraft)} data-testid="yaml-apply">Use this cluster</button>
        </div>
      )}
      {url.tab === 'bench' ? <BenchTab cluster={cluster} module={module} /> : (
        <main>
          <section class="left">
            <div class="cmd">
              <select value={url.command} onChange={(e) => setUrl({ ...url, command: (e.target as HTMLSelectElement).value as Command })} data-testid="command">
                <option value="ping">ping</option>
                <option value="traceroute">traceroute</option>
              </select>
              <select value={podKey} onChange={(e) => setUrl({ ...url, pod: (e.target as HTMLSelectElement).value.split('/')[1] })} data-testid="pod">
                {pods.map((p) => <option value={p.key}>{p.name} ({p.ip}, {p.node})</option>)}
              </select>
              <input class="mono" list="dsts" value={dst} onInput={(e) => setUrl({ ...url, dst: (e.target as HTMLInputElement).value })} data-testid="dst" size={15} />
              <datalist id="dsts">{dsts.map((d) => <option value={d.ip}>{d.what}</option>)}</datalist>
              {url.command === 'ping' && <label class="count">-c <input type="number" min={1} max={20} value={url.count} onInput={(e) => setUrl({ ...url, count: Number((e.target as HTMLInputElement).value) || 1 })} /></label>}
              <button class="primary" data-testid="run" onClick={() => {
                const p = podKey.split('/')[1];
                setUrl({ ...url, pod: p, dst });
                execute(url.command, p, dst, url.count);
              }}>Run</button>
            </div>
            <div class="termwrap">
              <div class="termhead mono">{run ? `kubectl exec -it ${run.pod} -- sh` : 'busybox sh in the pod'}</div>
              <pre class="term" data-testid="output">{run ? `/ # ${run.command} ${run.command === 'ping' ? `-c ${url.count}` : '-n'} ${run.dst}\n${run.output}/ # ` : '/ # (pick a pod and a destination, then Run)'}</pre>
            </div>
            {run && (
              <div class="caps">
                <h4>captures (pcap per interface, since the cluster was loaded)</h4>
                <div class="caplist">
                  {caps.filter((c) => c.count > 0).map((c) => <button class="cap mono" onClick={() => download(c.file, c.bytes())} title={`download ${c.file}`}>⤓ {c.label} <span class="n">{c.count}</span></button>)}
                </div>
              </div>
            )}
            {states.now.get(host) && <StatePanel hosts={hosts} host={host} onHost={setHost} now={states.now.get(host)!} before={states.before?.get(host) ?? null} />}
          </section>
          <section class="right">
            {run && <PacketList packets={run.packets} sel={packet} onSel={(i) => { setPacket(i); setHop(0); setFrameN(null); setPlaying(true); }} />}
            {pk && (
              <div class="player">
                <button onClick={() => { setHop(0); setPlaying(true); }} title="replay">⟲</button>
                <button onClick={() => { setPlaying(false); setHop(Math.max(0, hop - 1)); setFrameN(null); }}>◀</button>
                <button onClick={() => setPlaying(!playing)}>{playing ? '❚❚' : '▶'}</button>
                <button onClick={() => { setPlaying(false); setHop(Math.min(pk.walk.hops.length - 1, hop + 1)); setFrameN(null); }}>▶▶</button>
                <span class="mono">hop <b data-testid="hop">{hop + 1}</b> of <b data-testid="hops-count">{pk.walk.hops.length}</b> · {pk.walk.outcome}</span>
              </div>
            )}
            <WalkDiagram cluster={cluster} packet={pk} hop={pk ? hop : -1} key={tick} />
            <div class="bottom">
              {pk && <div class="hopwrap"><HopTable packet={pk} hop={frameN === null ? hop : -1} onHop={(i) => { setPlaying(false); setHop(i); setFrameN(null); }} /></div>}
              <FrameView frame={frame} />
            </div>
          </section>
        </main>
      )}
    </div>
  );
}
