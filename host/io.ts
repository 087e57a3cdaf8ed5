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

/** The status a shell reports for a program that SIGPIPE ended: 128 + 13. */
export const EXIT_CLOSED_PIPE = 141;

/** For a program's entry point: when the reader of stdout or stderr goes away (`… | head`),
 *  stop at once and quietly, as `cat` or `git log` do when SIGPIPE ends them. Node ignores
 *  SIGPIPE, so the write fails with EPIPE instead, and the stream's unhandled 'error' event would
 *  end the program with a stack trace. The status is the one the shell shows for those tools:
 *  a pipeline's own status is its last command's (`head`'s), and under `set -o pipefail` a run
 *  that was cut short is not taken for one that finished. Not installed by the library: an
 *  embedder's process keeps its own handling of its streams. */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(EXIT_CLOSED_PIPE);
      throw e;
    });
  }
}
