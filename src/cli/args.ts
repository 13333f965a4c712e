/**
 * Command-line parsing, pure: argv in, a `Command` out, or an input error
 * (exit 2). Nothing here prints or exits; `--help`/`--version` come back as
 * text to print, so every path is testable without spawning a process. Each
 * command's flags and checks live in its own file under commands/.
 */
import yargs from 'yargs';
import { inputError } from '../core/errors.ts';
import { SCRIPT_NAME } from './command.ts';
import { COMMANDS, type ParsedCommand } from './commands/index.ts';

export { SCRIPT_NAME };

export type Command =
  | ParsedCommand
  /** --help or --version: print `text` to stdout, exit 0. */
  | { kind: 'print'; text: string };

const NAMES = COMMANDS.map((c) => c.name);

export function parseArgs(argv: readonly string[], program: { version: string }): Command {
  const first = argv[0];
  const command = COMMANDS.find((c) => c.name === first);
  const hint = `Run '${SCRIPT_NAME}${command ? ' ' + command.name : ''} --help' for usage.`;
  if (first !== undefined && !first.startsWith('-') && command === undefined) {
    const near = closest(first, NAMES);
    const suggestion = near === undefined ? '' : ` Did you mean '${near}'?`;
    throw inputError(`unknown command '${first}' (expected ${listOr(NAMES)}).${suggestion} ${hint}`);
  }

  let parser = yargs()
    .scriptName(SCRIPT_NAME)
    .locale('en') // help text must not depend on the user's LANG
    .wrap(88) // nor on the terminal width
    .version(program.version)
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .strict()
    .exitProcess(false)
    .fail((message: string | null | undefined, err: Error | undefined) => {
      const text = message ?? err?.message ?? 'invalid arguments';
      // yargs' wording for a missing positional is obscure; every command's only positional is the scenario.
      if (/^not enough non-option arguments/i.test(text)) throw inputError(`missing scenario file. ${hint}`);
      throw inputError(`${lowerFirst(text)}. ${hint}`);
    });
  for (const c of COMMANDS) parser = parser.command(c.usage, c.description, (y) => c.builder(y));
  parser = parser
    .demandCommand(1, `missing command: expected ${listOr(NAMES)}`)
    .epilog('Exit status: 0 success, 1 the run failed, 2 bad input (flags or scenario).');

  let output = '';
  const args = parser.parse([...argv], {}, (_err: unknown, _argv: unknown, text: string) => {
    output = text;
  }) as Record<string, unknown>;
  if (args['help'] === true || args['version'] === true) return { kind: 'print', text: output };
  // The command yargs ran: flags may come before it (`sim --seed 3 run s.yaml`).
  const ran = COMMANDS.find((c) => c.name === (args['_'] as unknown[])[0]);
  if (ran === undefined) throw inputError(`missing command: expected ${listOr(NAMES)}. ${hint}`);
  return ran.parse(args, `Run '${SCRIPT_NAME} ${ran.name} --help' for usage.`);
}

/**
 * The name a typo most likely meant: the nearest by edit distance (a swap of
 * two neighbours counts as one edit), if within a third of its length (at
 * least 1); or the only name it starts. Ties go to the earlier name.
 */
export function closest(word: string, names: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(w, name);
    if (d < bestDistance && d <= Math.max(1, Math.floor(name.length / 3))) [best, bestDistance] = [name, d];
  }
  if (best !== undefined) return best;
  const prefixed = w.length >= 2 ? names.filter((n) => n.startsWith(w)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** 'a, b or c' */
function listOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
