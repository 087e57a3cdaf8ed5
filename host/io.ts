// Where a command writes: stdout and stderr, or a test's buffers. Every entry point (the CLI,
// `npm run bench`, the shell) takes an Io so that in-process runs capture what they print.
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};
