// The twin mirrors the core file by file, so its packet path is a chain of small functions
// where the AssemblyScript side has `@inline` helpers that the compiler merges by decree.
// V8 inlines only up to a bytecode budget (460 per callee, 920 per function by default) and stops partway down
// that chain; raising the budget lets TurboFan do for the reference engine what asc does for
// the core, instead of hand-merging the twin's functions (1.2–1.5× per path measured with
// bench/micro/paths.bench.ts; the WASM core is not affected). V8 flags are per process: the
// TS engine raises them when it is created (TsEngine's constructor, the only caller), so a
// process that never runs the twin keeps V8's defaults. They only change how much TurboFan
// inlines, never what code computes.
import { setFlagsFromString } from 'node:v8';

let raised = false;

export function raiseInliningBudget(): void {
  if (raised) return;
  raised = true;
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=10000');
  setFlagsFromString('--max-inlined-bytecode-size=2000');
  setFlagsFromString('--max-inlined-bytecode-size-absolute=10000');
}
