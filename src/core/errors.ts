/**
 * The one error type that crosses from the core to the edges. The CLI maps
 * `exitCode` to the process exit status and prints `problems` without a stack.
 *   2 = bad input (scenario, sweep file, flags), 1 = a run that failed.
 */
export interface Problem {
  /** File the problem is in, when there is one. */
  file?: string;
  /** 1-based line and column in that file, when known. */
  line?: number;
  column?: number;
  /** Dotted field path, e.g. `levers.technology` or `households.count`; '' for the document root. */
  path: string;
  /** What was expected / what is wrong, in plain words. */
  message: string;
}

export class SimError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'SimError';
  }
}

/** Bad input from the user: exit code 2. */
export function inputError(message: string, problems: Problem[] = []): SimError {
  return new SimError(message, 2, problems);
}

/** A run that failed after its input was accepted: exit code 1. */
export function runError(message: string): SimError {
  return new SimError(message, 1);
}

/** `file:line:column: path: message`, omitting what is unknown. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined && x !== '').join(':');
  const path = p.path === '' ? '(root)' : p.path;
  return `${where ? where + ': ' : ''}${path}: ${p.message}`;
}
