// What a parse returns instead of a header when the bytes do not hold one. Parsers never
// throw on bad bytes (a bad frame is data, not a bug); they return one of these, as smoltcp's
// wire::Error, and callers count or print it.
//   truncated     fewer bytes than the header or its length fields need
//   malformed     a field no sender may write (version, IHL, lengths, hardware types)
//   checksum      the bytes are all there but their Internet checksum is wrong

export type WireError = 'truncated' | 'malformed' | 'checksum';

export function isWireError(v: unknown): v is WireError {
  return typeof v === 'string';
}
