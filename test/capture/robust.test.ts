// Bad input never crashes the decoder: arbitrary bytes, any cut, any wire length.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TcpdumpSession, tcpdumpLines } from '../../host/capture/tcpdump.ts';

describe('capture: decoder robustness', function () {
  it('arbitrary frames decode to text without throwing', function () {
    const sessions = { ether: new TcpdumpSession('ether', 2), raw: new TcpdumpSession('raw', 1) };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(100), fc.constantFrom('ether', 'raw'), (bytes, extra, link) => {
        // Bias toward plausible headers so the deeper printers run too.
        if (bytes.length > 14 && link === 'ether') {
          bytes[12] = 0x08;
          bytes[13] = bytes[0] & 1 ? 0x06 : 0x00;
          bytes[14] = 0x45;
        } else if (bytes.length > 0 && link === 'raw') bytes[0] = 0x45;
        const lines = sessions[link].lines(bytes, 1_000_000_000, bytes.length + extra);
        assert.ok(lines.length >= 1 && /^00:00:01\.000000 /.test(lines[0]));
      }),
      { numRuns: 3000, seed: 4 },
    );
  });

  it('the truncation marker names the layer that ran out', function () {
    assert.deepEqual(tcpdumpLines(new Uint8Array(10), 'ether', 0), ['00:00:00.000000  [|ether]']);
    const ipOnly = new Uint8Array(14 + 12);
    ipOnly[12] = 0x08;
    ipOnly[14] = 0x45;
    assert.match(tcpdumpLines(ipOnly, 'ether', 0, { wireLength: 98 })[0], /length 98:  \[\|ip\]$/);
  });
});
