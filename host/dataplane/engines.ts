// createEngine: the one place an engine is made. An engine is given the memory and the
// context address of every node (node i = ctxs[i]); a worker that received only the
// memory reads those from the memory map (mapMemory) instead of needing a Dataplane.
import { ENGINE_NAMES, type Engine, type EngineName, type EngineOptions } from '../engine/engine.ts';
import { NullEngine } from '../engine/null.ts';
import { TsEngine } from '../engine/ts/engine.ts';
import { WasmEngine, compileCore } from '../engine/wasm.ts';
import { ConfigError } from '../errors.ts';
import { Mem } from './mem.ts';
import { nodeContexts } from './records.ts';

/** What an engine is built on: the shared memory, its views, each node's context address. */
export interface DataplaneMemory {
  readonly memory: WebAssembly.Memory;
  readonly mem: Mem;
  readonly ctxs: Uint32Array;
}

/** The memory map of a dataplane laid out elsewhere (a worker thread receives only the memory). */
export function mapMemory(memory: WebAssembly.Memory): DataplaneMemory {
  const mem = new Mem(memory.buffer);
  return { memory, mem, ctxs: nodeContexts(mem) };
}

export interface CreateEngineOptions extends EngineOptions {
  /** The compiled core for `wasm` and `null` (default: build/core.wasm, compiled once per process). */
  module?: WebAssembly.Module;
}

export function createEngine(name: EngineName, dp: DataplaneMemory, opts: CreateEngineOptions = {}): Engine {
  switch (name) {
    case 'wasm':
      return new WasmEngine(dp.memory, dp.ctxs, opts, opts.module ?? compileCore());
    case 'ts':
      return new TsEngine(dp.mem, dp.ctxs, opts);
    case 'null':
      return new NullEngine(dp.memory, dp.ctxs, opts.module ?? compileCore());
    default:
      throw new ConfigError('engine', `must be one of ${ENGINE_NAMES.join(', ')}`, name);
  }
}
