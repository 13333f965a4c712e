// mathjs' single-file browser build has no typings of its own; expressions.ts types it as MathJsInstance.
declare module 'mathjs/lib/browser/math.js' {
  const math: unknown;
  export default math;
}
