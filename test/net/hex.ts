// Annotated hex fixtures, as smoltcp writes its packet tests: octets in hex, and after a '#'
// on each line what they are.
export function bytes(annotated: string): Uint8Array {
  const hex = annotated.replace(/#.*$/gm, '').replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error(`fixture is not whole octets of hex: ${hex}`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function hexOf(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
