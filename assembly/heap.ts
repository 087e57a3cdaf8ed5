// The end of the core's own statics: everything the host lays out starts at LAYOUT_BASE,
// which must lie above it (test/layout checks this on the built module).
export function heapBase(): usize {
  return __heap_base;
}
