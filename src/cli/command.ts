/**
 * A CLI command in one place: its name and help line, its option table (typed
 * against its config), the checks across options, and its handler.
 * `defineCommand` turns that into what the parser (args.ts) registers with
 * yargs and the dispatcher (main.ts) runs.
 */
import type { Argv } from 'yargs';
import { helpText, type Option, type Options } from './options.ts';
import type { CommandContext } from './commands/context.ts';

/** The program's name in usage lines and hints (`Run 'sim run --help'`). */
export const SCRIPT_NAME = 'sim';

/** When the flags are not yet the config (report nests its target flags), `finish` must say how. */
type Finish<Flags, Config> = [Flags] extends [Config]
  ? { finish?: (flags: Flags, hint: string) => Config }
  : { finish: (flags: Flags, hint: string) => Config };

export type CommandDef<Name extends string, Config, Flags = Config> = {
  name: Name;
  /** The help line in `sim --help` and the first line of `sim <name> --help`. */
  description: string;
  /** In help order; the positional(s) first. */
  options: Options<Flags>;
  /** Exit status: 0 (or nothing) for success; failures throw a SimError, which carries its own. */
  run(config: Config, ctx: CommandContext): Promise<number | void>;
} & Finish<Flags, Config>;

export interface CliCommand<Name extends string = string, Config = unknown> {
  name: Name;
  description: string;
  /** yargs' usage, e.g. `run <scenario>`, `compare <scenarios..>`. */
  usage: string;
  /** Its flags' names, without `--`, in help order. */
  flags: readonly string[];
  /** Declares the positional(s) and flags to yargs. */
  builder(y: Argv): Argv;
  /** yargs' parsed arguments as this command's config, checked. */
  parse(args: Readonly<Record<string, unknown>>, hint: string): { kind: Name } & Config;
  /** Runs a command this one parsed. */
  run(command: { kind: string }, ctx: CommandContext): Promise<number>;
}

export function defineCommand<Name extends string, Config, Flags = Config>(def: CommandDef<Name, Config, Flags>): CliCommand<Name, Config> {
  const entries = Object.entries(def.options) as [string, Option<unknown>][];
  const positionals = entries.filter(([, o]) => o.kind === 'positional' || o.kind === 'positionals');
  // A positional with a default may be left out: `[key]` to yargs.
  const usage = [def.name, ...positionals.map(([key, o]) => (o.default !== undefined ? `[${key}]` : `<${key}${o.kind === 'positionals' ? '..' : ''}>`))].join(' ');
  return {
    name: def.name,
    description: def.description,
    usage,
    flags: entries.filter(([, o]) => !positionals.some(([, p]) => p === o)).map(([key, o]) => o.flag ?? key),
    builder(y) {
      let argv = y;
      for (const [key, o] of entries) {
        const describe = helpText(o);
        if (o.kind === 'positional') argv = argv.positional(key, { type: 'string', describe });
        else if (o.kind === 'positionals') argv = argv.positional(key, { type: 'string', array: true, describe });
        else if (o.kind === 'boolean') argv = argv.option(o.flag ?? key, { type: 'boolean', describe });
        // One value per --set, so `--set a=1 file.yaml` leaves the file positional alone.
        else if (o.kind === 'strings') argv = argv.option(o.flag ?? key, { type: 'string', array: true, nargs: 1, describe });
        // Read as text (yargs would turn 'abc' into NaN), shown as [number]: yargs' help labels a
        // flag that is both by its last type, while its parser keeps a string flag's text.
        else if (o.kind === 'number') argv = argv.option(o.flag ?? key, { type: 'string', describe }).number(o.flag ?? key);
        else argv = argv.option(o.flag ?? key, { type: 'string', describe });
      }
      return argv;
    },
    parse(args, hint) {
      const flags: Record<string, unknown> = {};
      for (const [key, o] of entries) flags[key] = o.parse(args[o.flag ?? key], hint);
      const config = def.finish ? def.finish(flags as Flags, hint) : (flags as Config);
      return { kind: def.name, ...config };
    },
    // The dispatcher hands back only what this command's `parse` made.
    run: async (command, ctx) => (await def.run(command as Config & { kind: string }, ctx)) ?? 0,
  };
}
