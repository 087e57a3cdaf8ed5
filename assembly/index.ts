// Entry point of the forwarding core: everything the host may call is re-exported here.
// The module imports its linear memory (shared) from the host: env.memory.
export { lpmRegionSize, lpmInit, lpmAdd, lpmDelete, lpmLookup, lpmLookupBulk } from "./route/lpm";
export { layoutValue } from "./layout/values";
export { nodeStep, frameInput } from "./node";
export { flushTouched as nodeFlush } from "./tx";
export { nullStep } from "./nullPath";
export { heapBase } from "./heap";
