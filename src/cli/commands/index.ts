/**
 * The list of commands: the parser registers them in this order (`sim --help`
 * lists them so, and "expected ..." names them so), the dispatcher runs the
 * one that was parsed. A new command is a file in this folder and a line here.
 */
import type { CliCommand } from '../command.ts';
import { runCommand } from './run.ts';
import { validateCommand } from './validate.ts';
import { compareCommand } from './compare.ts';
import { sweepCommand } from './sweep.ts';
import { mergeCommand } from './merge.ts';
import { reportCommand } from './report.ts';
import { calibrateCommand } from './calibrate.ts';
import { decomposeCommand } from './decompose.ts';
import { sensitivityCommand } from './sensitivity.ts';
import { workshopCommand } from './workshop.ts';

export const COMMANDS = [runCommand, validateCommand, compareCommand, sweepCommand, mergeCommand, reportCommand, calibrateCommand, decomposeCommand, sensitivityCommand, workshopCommand] as const;

/** What one command's parse makes: `{kind: name, ...its config}`. */
export type ParsedCommand = ReturnType<(typeof COMMANDS)[number]['parse']>;

export function commandNamed(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}
