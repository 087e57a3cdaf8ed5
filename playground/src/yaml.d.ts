// esbuild's text loader (playground/build.ts): a .yaml import is the file's text.
declare module '*.yaml' {
  const text: string;
  export default text;
}
