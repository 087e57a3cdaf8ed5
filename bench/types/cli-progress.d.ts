// The part of cli-progress 3 the benchmark uses (the package ships no types).
declare module 'cli-progress' {
  interface Options {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean;
  }
  export class SingleBar {
    constructor(opts: Options, preset?: object);
    start(total: number, value: number, payload?: Record<string, string>): void;
    update(value: number, payload?: Record<string, string>): void;
    setTotal(total: number): void;
    stop(): void;
  }
  export const Presets: { shades_classic: object };
  const cliProgress: { SingleBar: typeof SingleBar; Presets: typeof Presets };
  export default cliProgress;
}
