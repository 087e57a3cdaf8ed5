// @ts-nocheck: AssemblyScript source (compiled by asc, not tsc); tsconfig's test/** glob sees it too.
// Stand-alone WASM entry for the LPM tests and micro-benchmark, so they do not depend on
// the rest of the core compiling. Built by test/route/lpmWasm.ts.
export { lpmRegionSize, lpmInit, lpmAdd, lpmDelete, lpmLookup, lpmLookupBulk } from "../../assembly/route/lpm";
