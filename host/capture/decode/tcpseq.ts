// tcpdump's relative TCP sequence numbers (on unless -S). For each conversation it remembers the
// first ACK-carrying segment's seq and ack-1 (again on every SYN) and prints later seq/ack values
// relative to those. Both directions share one entry, keyed with the lower port first (addresses
// break a tie), exactly as print-tcp.c's tcp_seq_hash does. Output therefore depends on what was
// printed before: keep one table per capture, as tcpdump keeps one per run.

export interface TcpSeqEntry {
  seq: number; // u32
  ack: number; // u32
}

export class TcpSeqTable {
  private readonly map = new Map<string, TcpSeqEntry>();

  /** Returns the entry and whether the key was looked up reversed (tcpdump's `rev`). */
  lookup(src: number, dst: number, sport: number, dport: number): { key: string; rev: boolean; entry: TcpSeqEntry | undefined } {
    let rev = false;
    if (sport > dport) rev = true;
    else if (sport === dport && src > dst) rev = true; // memcmp of network-order bytes == u32 compare
    const key = rev ? `${dst}:${src}:${dport}:${sport}` : `${src}:${dst}:${sport}:${dport}`;
    return { key, rev, entry: this.map.get(key) };
  }

  set(key: string, entry: TcpSeqEntry): void {
    this.map.set(key, entry);
  }

  clear(): void {
    this.map.clear();
  }
}
