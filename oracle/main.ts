// `npm run oracle [-- options]`: the Linux kernel as the oracle of the simulator. Builds (once)
// a VM image from Debian's kernel package, recreates the cluster in network namespaces inside
// it, runs the ping scenarios and the frame replay there and in both engines, and compares
// every interface frame by frame, field by field (compare.py). Exit 0: everything matched;
// 1: a mismatch (each named, with its fields); 2: a bad flag, or the host cannot run the VM.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCluster, defaultClusterSpec, loadClusterFile } from '../host/cluster/index.ts';
import type { Cluster } from '../host/cluster/types.ts';
import { ConfigError } from '../host/errors.ts';
import { exitQuietlyOnClosedPipe } from '../host/io.ts';
import { formatIp4 } from '../host/net/addr.ts';
import { PcapFileWriter } from '../host/capture/pcapFile.ts';
import type { ForwardingEngineName as EngineName } from '../host/engine/engine.ts';
import { ensureImage, ORACLE_DIR, REPO_DIR } from './image.ts';
import { installPackages, missingPackages } from './prereq.ts';
import { allPoints } from './points.ts';
import { pingArgv, pingScenarios, type PingScenario } from './scenarios/pings.ts';
import { replayScenario, sendAtMs, type ReplayScenario } from './scenarios/replay.ts';
import { serviceFiles, serviceLines, serviceScenarios, servicesSetup, simServices, type ServiceScenario } from './scenarios/services.ts';
import { segments, NETNS } from './topology.ts';
import { FRAG_EXPIRY_S, vmScript, type VmScenario } from './vmscript.ts';
import { runVm } from './vm.ts';
import { batchEndMs, batchesWithLatePackets, simPing, simReplay, type Reachable } from './sim.ts';
import { readReachable } from './reachable.ts';
import { kernelSendTimes } from './replayTimes.ts';
import { printReport, type Result } from './report.ts';

const IGNORABLE = ['uplink-arp'] as const;

/** What a run without --cluster/--clusters covers: the seed and a cluster across subnets. */
const DEFAULT_CLUSTERS = ['seed', 'examples/clusters/crosssubnet-3node.yaml'];

const USAGE = `usage: npm run oracle -- [options]
  --clusters LIST       comma-separated cluster YAMLs or Kubernetes manifests, "seed" for the
                        seed's cluster; each gets its own VM run, tables and out/<name>/, one
                        verdict (default: ${DEFAULT_CLUSTERS.join(',')})
  --cluster FILE        one cluster only (its results directly in --out)
  --frames N            replayed input frames, distinct (default 2000; --quick: 400)
  --seed S              seed of the frame generator (default 1)
  --quick               the CI pass: the pings and 400 frames (the hand-made edge frames, about 290, then random ones)
  --scenarios LIST      comma-separated: ping and Service scenario names, "pings", "replay",
                        "services" (default: all)
  --ignore LIST         known mismatch classes left out of the verdict: uplink-arp
                        (ARP between nodes on an uplink: a delayed probe can fall in another
                        scenario's window on one side, oracle/README.md)
  --engines LIST        wasm,ts (default both)
  --out DIR             work directory (default .oracle/run)
  --reuse-kernel        compare against the kernel captures already in --out when the VM
                        would run exactly the same script and frames (development)
  --spacing MS          milliseconds between replayed frames (default 30): each frame's window;
                        a round trip through two namespaces and the tunnel under emulation on
                        a loaded host can take over 15 ms
  --timeout S           seconds the VM may take (default: from the plan)
environment: ORACLE_ACCEL=kvm on a host whose /dev/kvm runs a stock kernel (default tcg)`;

class BadFlag extends Error {}

function intFlag(name: string, v: string | undefined, lo: number, hi: number, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < lo || n > hi) throw new BadFlag(`--${name}: must be an integer ${lo}..${hi} (got ${JSON.stringify(v)})`);
  return n;
}

function listFlag<T extends string>(name: string, v: string | undefined, allowed: readonly T[] | null): string[] {
  if (v === undefined) return [];
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) if (allowed && !allowed.includes(i as T)) throw new BadFlag(`--${name}: unknown value ${JSON.stringify(i)} (known: ${allowed.join(', ')})`);
  return items;
}

interface Target {
  cluster: Cluster;
  /** As given (`seed` for the seed's cluster): what the report names. */
  label: string;
  /** Its directory under --out when there are several. */
  dir: string;
}

interface Opts {
  targets: Target[];
  frames: number;
  seed: number;
  quick: boolean;
  only: string[];
  ignore: string[];
  engines: EngineName[];
  out: string;
  reuse: boolean;
  timeout: number | null;
  spacingMs: number;
}

function parse(argv: string[]): Opts {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        cluster: { type: 'string' }, clusters: { type: 'string' }, frames: { type: 'string' }, seed: { type: 'string' }, quick: { type: 'boolean' },
        scenarios: { type: 'string' }, ignore: { type: 'string' }, engines: { type: 'string' }, out: { type: 'string' },
        'reuse-kernel': { type: 'boolean' }, timeout: { type: 'string' }, spacing: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    const m = /'(-[^']*)'/.exec((e as Error).message);
    throw new BadFlag(m ? `${m[1]}: ${(e as Error).message.split('.')[0].replace(/^Unknown option '[^']*'/, 'unknown option').replace(/^Option '[^']*' argument missing/, 'needs a value')}` : (e as Error).message.split('\n')[0]);
  }
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = v.quick === true;
  const engines = listFlag('engines', v.engines, ['wasm', 'ts'] as const) as EngineName[];
  if (v.cluster !== undefined && v.clusters !== undefined) throw new BadFlag('--cluster: give --cluster FILE or --clusters LIST, not both');
  const flag = v.cluster !== undefined ? 'cluster' : 'clusters';
  const names = v.cluster !== undefined ? [v.cluster] : v.clusters !== undefined ? listFlag('clusters', v.clusters, null) : DEFAULT_CLUSTERS;
  if (names.length === 0) throw new BadFlag(`--clusters: no cluster named (got ${JSON.stringify(v.clusters)})`);
  const targets = names.map((name): Target => {
    const seed = name === 'seed';
    const file = seed || v.cluster !== undefined || v.clusters !== undefined ? name : join(REPO_DIR, name);
    if (!seed && !existsSync(file)) throw new BadFlag(`--${flag}: no such file ${JSON.stringify(name)}`);
    let cluster: Cluster;
    try {
      cluster = buildCluster(seed ? defaultClusterSpec() : loadClusterFile(file));
    } catch (e) {
      if (e instanceof ConfigError) throw new BadFlag(`--${flag} ${name}: ${e.format()}`);
      throw e;
    }
    return { cluster, label: seed ? '(the seed)' : name, dir: seed ? 'seed' : basename(name).replace(/\.(ya?ml|json)$/, '') };
  });
  if (new Set(targets.map((t) => t.dir)).size !== targets.length) throw new BadFlag(`--clusters: two clusters with one name (${targets.map((t) => t.dir).join(', ')})`);
  return {
    targets,
    frames: intFlag('frames', v.frames, 0, 1_000_000, quick ? 400 : 2000),
    seed: intFlag('seed', v.seed, 0, 0xffffffff, 1),
    quick,
    only: listFlag('scenarios', v.scenarios, null),
    ignore: listFlag('ignore', v.ignore, IGNORABLE),
    engines: engines.length ? engines : ['wasm', 'ts'],
    out: resolve(v.out ?? join(REPO_DIR, '.oracle', 'run')),
    reuse: v['reuse-kernel'] === true,
    timeout: v.timeout === undefined ? null : intFlag('timeout', v.timeout, 10, 86400, 0),
    spacingMs: intFlag('spacing', v.spacing, 5, 1000, 30),
  };
}

function selectPings(all: PingScenario[], only: string[]): PingScenario[] {
  if (only.length === 0 || only.includes('pings')) return all;
  return all.filter((s) => only.includes(s.name));
}

async function main(): Promise<number> {
  let o: Opts;
  try {
    o = parse(process.argv.slice(2));
  } catch (e) {
    if (e instanceof BadFlag) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const log = (s: string): void => void process.stdout.write(`oracle: ${s}\n`);
  const t0 = performance.now();

  const missing = missingPackages();
  if (missing.length) {
    const why = installPackages(missing, log);
    if (why !== null) {
      process.stderr.write(`error: the oracle needs these Debian packages: ${missing.join(' ')} (${why}; install them with apt-get install ${missing.join(' ')})\n`);
      return 2;
    }
  }

  // a scenario name given with --scenarios must exist in some cluster of the run
  const known = new Set([...o.targets.flatMap((t) => [...pingScenarios(t.cluster), ...serviceScenarios(t.cluster)].map((s) => s.name)), 'pings', 'replay', 'services']);
  const unknown = o.only.filter((s) => !known.has(s));
  if (unknown.length) {
    process.stderr.write(`error: --scenarios: unknown scenario ${JSON.stringify(unknown[0])} (known: ${[...known].join(', ')})\n`);
    return 2;
  }
  const several = o.targets.length > 1;
  const outcomes: { t: Target; r: Outcome | null }[] = [];
  for (const t of o.targets) {
    if (several) log(`═══ cluster ${t.label} (${join(o.out, t.dir)}) ═══`);
    const r = await runCluster(o, t, several ? join(o.out, t.dir) : o.out, log);
    outcomes.push({ t, r });
  }
  if (several) {
    process.stdout.write('\noracle: every cluster\n');
    for (const { t, r } of outcomes) {
      process.stdout.write(`  ${t.label.padEnd(44)} ${r === null ? 'no result (the VM failed)' : r.skipped ? 'skipped (none of the selected scenarios runs here)' : `${String(r.frames).padStart(6)} kernel frames, ${String(r.inputs).padStart(5)} replayed inputs, ${r.mismatches} mismatches, ${r.seconds.toFixed(0)} s`}\n`);
    }
  }
  const ran = outcomes.filter(({ r }) => !r?.skipped);
  if (ran.length === 0) {
    process.stderr.write(`error: --scenarios: none of ${o.only.join(', ')} runs on ${o.targets.map((t) => t.label).join(', ')}\n`);
    return 2;
  }
  const bad = ran.filter(({ r }) => r === null || r.mismatches > 0);
  process.stdout.write(`oracle: ${bad.length === 0 ? `0 mismatches on ${ran.length} cluster${ran.length > 1 ? 's' : ''}` : `mismatches on ${bad.map(({ t }) => t.label).join(', ')}`}${ran.length < outcomes.length ? ` (${outcomes.length - ran.length} skipped)` : ''} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  return bad.length === 0 ? 0 : 1;
}

interface Outcome {
  mismatches: number;
  frames: number;
  inputs: number;
  seconds: number;
  /** None of the selected scenarios exists on this cluster (a Service scenario, no Services):
   *  no VM was booted. */
  skipped?: true;
}

/** One cluster: the plan, the simulator, the VM, the comparison, its report in `out`. Null
 *  when the VM recorded nothing to compare. */
async function runCluster(o: Opts, target: Target, out: string, log: (s: string) => void): Promise<Outcome | null> {
  const t0 = performance.now();
  const cluster = target.cluster;
  const points = allPoints(cluster);
  const pings = selectPings(pingScenarios(cluster), o.only);
  const wantReplay = (o.only.length === 0 || o.only.includes('replay')) && o.frames > 0;
  const allServices = serviceScenarios(cluster);
  const services = o.only.length === 0 || o.only.includes('services') ? allServices : allServices.filter((s) => o.only.includes(s.name));
  if (pings.length === 0 && !wantReplay && services.length === 0) {
    log('none of the selected scenarios runs on this cluster: skipped');
    return { mismatches: 0, frames: 0, inputs: 0, seconds: 0, skipped: true };
  }
  const segs = segments(cluster);
  const segOf = new Map(segs.flatMap((s) => s.nodes.map((n) => [n.index, s.index] as const)));
  const replay: ReplayScenario | null = wantReplay
    ? replayScenario(cluster, { frames: o.frames, seed: o.seed, spacingMs: o.spacingMs }, (n) => segOf.get(n.index) ?? n.uplinks[0].segment)
    : null;
  if (replay) {
    // batches that leave a late packet behind (an incomplete datagram's 11/1) get a tail
    const late = batchesWithLatePackets(cluster, replay, FRAG_EXPIRY_S * 1000);
    for (const k of late) replay.batches[k].tailMs = FRAG_EXPIRY_S * 1000;
    if (late.length) log(`replay: ${late.length} of ${replay.batches.length} batches leave a late packet (a reassembly timeout): each gets a ${FRAG_EXPIRY_S} s tail`);
  }

  // ── the plan, written for the VM ──
  const inDir = join(out, 'in');
  const newIn = join(out, 'in.new');
  rmSync(newIn, { recursive: true, force: true });
  mkdirSync(join(newIn, 'replay'), { recursive: true });
  const vmScenarios: VmScenario[] = pings.map((s) => ({ kind: 'ping', name: s.name, netns: NETNS.pod(s.pod), argv: pingArgv(s) }));
  if (replay) {
    replay.batches.forEach((b, k) => {
      const w = new PcapFileWriter('ether', { path: join(newIn, 'replay', `b${k}.pcap`) });
      b.frames.forEach((f, i) => w.write(BigInt(sendAtMs(replay, i)) * 1_000_000n, f.bytes));
      w.close();
    });
    vmScenarios.push({ kind: 'replay', name: replay.name, batches: replay.batches.map((b, k) => ({ netns: b.netns, iface: b.iface, file: `replay/b${k}.pcap`, tailS: b.tailMs / 1000 })) });
  }
  // the Services last: kube-proxy's IPVS and conntrack would change what the pings and the
  // replay meet (conntrack defragments forwarded packets)
  const svcOpts = { masqueradeAll: false };
  if (services.length) {
    serviceFiles(cluster, services, newIn, svcOpts);
    services.forEach((s, i) => vmScenarios.push({ kind: 'shell', name: s.name, setup: i === 0 ? servicesSetup(cluster, svcOpts) : [], flush: i === 0, lines: serviceLines(cluster, s) }));
  }
  const script = vmScript(cluster, points, vmScenarios);
  writeFileSync(join(newIn, 'run.sh'), script);
  const fingerprint = (dir: string): string => {
    try {
      return execFileSync('sh', ['-c', `cd '${dir}' && find . -type f | sort | xargs cat | sha1sum`], { encoding: 'utf8' });
    } catch {
      return '';
    }
  };
  const kernelDir = join(out, 'out', 'kernel');
  const reuse = o.reuse && existsSync(kernelDir) && existsSync(inDir) && fingerprint(inDir) === fingerprint(newIn);
  rmSync(inDir, { recursive: true, force: true });
  execFileSync('mv', [newIn, inDir]);

  // ── the kernel ──
  let vm = null;
  let img = null;
  if (!reuse) {
    img = ensureImage(log);
    const outDir = join(out, 'out');
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const nFrames = replay ? replay.frames : 0;
    const budget = o.timeout ?? Math.ceil(120 + (pings.length + services.length) * 25 + nFrames * (0.05 + o.spacingMs / 1000) + (replay ? replay.batches.reduce((a, b) => a + 3 + (replay.leadMs + b.tailMs) / 1000, 0) + (services.length ? FRAG_EXPIRY_S : 0) : 0));
    log(`booting ${img.pkg} ${img.version} under qemu (${process.env.ORACLE_ACCEL ?? 'tcg'}): ${pings.length} ping scenarios, ${nFrames} replayed frames (timeout ${budget} s)`);
    vm = await runVm(img, inDir, outDir, budget);
    if (vm.errors.length) {
      for (const e of vm.errors) process.stderr.write(`oracle: VM: ${e}\n`);
      if (vm.doneS === null) return null;
    }
  } else {
    log(`reusing the kernel captures in ${kernelDir} (same script and frames)`);
  }

  // ── compare ──
  // the kernel's scenarios, cut out of its one capture session by the marks run.sh wrote
  const marks = new Map<string, { start: number; end: number }>();
  try {
    for (const line of readFileSync(join(kernelDir, 'marks.txt'), 'utf8').split('\n')) {
      const [name, what, t] = line.split(' ');
      if (!name || !t) continue;
      const m = marks.get(name) ?? { start: NaN, end: NaN };
      if (what === 'start') m.start = Number(t);
      else m.end = Number(t);
      marks.set(name, m);
    }
  } catch {
    process.stderr.write(`oracle: no ${join(kernelDir, 'marks.txt')}: the VM recorded no scenario\n`);
    return null;
  }
  // ── the simulator, both engines (after the VM: it takes the VM's reachable_time draws) ──
  const tSim = performance.now();
  const simDir = (e: EngineName): string => join(out, `sim-${e}`);
  if (replay) { // the simulator replays each batch at the times the VM played it (replayTimes.ts)
    const played = kernelSendTimes(kernelDir, points, replay, marks.get(replay.name)?.start ?? 0, (k) => marks.get(`${replay.name}.b${k}`)?.start);
    replay.batches.forEach((b, k) => {
      b.playedMs = played[k] ?? undefined;
    });
  }
  const reachable = (name: string): Reachable => readReachable(join(kernelDir, `ntable.${name}.txt`));
  const replayReach: Reachable[] = [];
  if (replay) {
    let cur = reachable(replay.name);
    replay.batches.forEach((b, k) => {
      if (b.tailMs > 0) cur = reachable(`${replay.name}.b${k}`) ?? cur;
      replayReach.push(cur);
    });
  }
  for (const e of o.engines) {
    rmSync(simDir(e), { recursive: true, force: true });
    for (const s of pings) simPing(cluster, s, e, join(simDir(e), s.name), reachable(s.name));
    if (replay) simReplay(cluster, replay, points, e, join(simDir(e), replay.name), (k) => replayReach[k]);
    if (services.length) {
      const first = marks.get(services[0].name)?.start;
      const startsMs = (s: ServiceScenario): number | undefined => first === undefined ? undefined : ((marks.get(s.name)?.start ?? NaN) - first) * 1000;
      simServices(cluster, services, e, (s) => join(simDir(e), s.name), { ...svcOpts, reachableMs: reachable(services[0].name), startsMs });
    }
  }
  const simS = (performance.now() - tSim) / 1000;

  const kernelOf = (name: string): { dir: string; start: number; end: number } => {
    const m = marks.get(name);
    return { dir: kernelDir, start: m?.start ?? 0, end: m?.end ?? 0 };
  };
  const job = {
    points: points.map((p) => ({ label: p.label, file: p.file, uplink: p.uplink })),
    // the hosts' uplinks, routers' included: their ARP for each other is the M1 class
    nodeIps: [...cluster.nodes, ...cluster.routers].flatMap((n) => n.uplinks.map((u) => formatIp4(u.ip))),
    nodeMacs: [...cluster.nodes, ...cluster.routers].flatMap((n) => n.uplinks.map((u) => u.mac.toLowerCase())),
    ignore: o.ignore,
    // the Services' ports, pods' target ports and node ports: every other TCP/UDP port of a
    // Service scenario is an ephemeral one, host history (compare.py)
    fixedPorts: [...new Set(cluster.services.flatMap((s) => s.ports.flatMap((p) => [p.port, p.targetPort, ...(p.nodePort !== null ? [p.nodePort] : [])])))],
    scenarios: [
      ...pings.map((s) => ({ name: s.name, kind: 'ping', kernel: kernelOf(s.name), sims: Object.fromEntries(o.engines.map((e) => [e, join(simDir(e), s.name)])) })),
      ...services.map((s) => ({ name: s.name, kind: 'service', kernel: kernelOf(s.name), sims: Object.fromEntries(o.engines.map((e) => [e, join(simDir(e), s.name)])) })),
      ...(replay ? [{
        name: replay.name, kind: 'replay', kernel: kernelOf(replay.name),
        // when the VM began each batch (its marks), where compare.py looks for its first frame
        kernelBegins: replay.batches.map((_, k) => marks.get(`${replay.name}.b${k}`)?.start ?? null),
        sims: Object.fromEntries(o.engines.map((e) => [e, join(simDir(e), replay.name)])),
        batches: replay.batches.map((b, k) => ({
          inject: b.label,
          // where the simulator stops after the batch's last input (sim.ts batchEndMs)
          horizonS: (replay.spacingMs + replay.gapMs + b.tailMs) / 1000,
          tailS: b.tailMs / 1000, // the late part of the window, compared in canonical order
          // with a tail, where the simulator stops counted from the batch's first input
          ...(b.tailMs > 0 ? { endS: batchEndMs(replay, k) / 1000 } : {}),
          frames: b.frames.map((f) => Buffer.from(f.bytes).toString('hex')),
          names: b.frames.map((f) => f.name),
        })),
      }] : []),
    ],
  };
  writeFileSync(join(out, 'job.json'), JSON.stringify(job));
  const tCmp = performance.now();
  execFileSync('/usr/bin/python3', [join(ORACLE_DIR, 'compare.py'), join(out, 'job.json'), join(out, 'result.json')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const cmpS = (performance.now() - tCmp) / 1000;
  const results = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as Result[];
  const pingText = (file: string): string | null => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  };
  const { mismatches, frames } = printReport({
    results,
    pings: pings.map((s) => ({ s, kernel: pingText(join(kernelDir, `${s.name}.ping.txt`)), sims: Object.fromEntries(o.engines.map((e) => [e, pingText(join(simDir(e), s.name, 'ping.txt'))])) })),
    programs: services.map((s) => ({ name: s.name, what: s.what, kernel: pingText(join(kernelDir, `${s.name}.out.txt`)), sims: Object.fromEntries(o.engines.map((e) => [e, pingText(join(simDir(e), s.name, 'out.txt'))])) })),
    replay,
    ignore: o.ignore,
    out: out,
    times: {
      imageBuildS: img?.built ? img.buildS : null,
      vm: vm ? { wallS: vm.wallS, bootS: vm.bootS, setupS: vm.setupS, doneS: vm.doneS } : null,
      simS, cmpS, totalS: (performance.now() - t0) / 1000,
    },
    cluster: target.label,
    kernel: img ? `${img.pkg} ${img.version}` : 'reused captures',
  });
  return { mismatches, frames, inputs: replay?.frames ?? 0, seconds: (performance.now() - t0) / 1000 };
}

exitQuietlyOnClosedPipe();
main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`oracle: ${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
