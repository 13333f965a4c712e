/**
 * Human titles for scenario parameters (sweep axes, facets, table heads),
 * from the scenario schema's descriptions and units, so a report says
 * "Fund synergy (lever, 0–1)" rather than `levers.fund`. The raw path is
 * kept (`path`) for tooltips and subtitles. Pure.
 */
import { ScenarioSchema } from '../scenario/schema.ts';
import { schemaAt, unwrap } from '../scenario/fields.ts';

export interface ParameterLabel {
  path: string;
  /** Short name: "Fund synergy", "Households". */
  label: string;
  /** Unit as shown ("0–1", "months"), '' when none. */
  unit: string;
  /** Label with the unit: an axis or facet title. */
  title: string;
  /** The schema's full description ('' when the path is unknown). */
  description: string;
}

/** Longest description head ("Fund synergy: ...") taken as the label; longer ones are sentences, not names. */
const MAX_LABEL = 40;

function humanise(segment: string): string {
  const s = segment.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function descriptionOf(path: readonly string[]): { description: string; unit: string } {
  const s = schemaAt(ScenarioSchema, path);
  if (!s) return { description: '', unit: '' };
  const meta = unwrap(s).meta;
  return { description: typeof meta.description === 'string' ? meta.description : '', unit: typeof meta.unit === 'string' ? meta.unit : '' };
}

function unitText(unit: string, isLever: boolean): string {
  if (unit === 'share') return isLever ? 'lever, 0–1' : 'share, 0–1';
  return unit;
}

/** The label of a parameter path such as `levers.fund` or `lever_effects.credit_supply.at1`. */
export function parameterLabel(path: string): ParameterLabel {
  const parts = path.split('.');
  const own = descriptionOf(parts);
  const last = parts[parts.length - 1] ?? path;
  // at0/at1 say only "Value when the lever is 0."; the mechanism's own description says what it is.
  const description = (last === 'at0' || last === 'at1') && parts.length >= 2 ? `${descriptionOf(parts.slice(0, -1)).description} ${own.description}`.trim() : own.description;
  const unit = own.unit;
  let label: string;
  const head = /^([^:.]{1,40}):/.exec(own.description);
  if (head && head[1]!.length <= MAX_LABEL) label = head[1]!.trim();
  else if ((last === 'at0' || last === 'at1') && parts.length >= 2) label = `${humanise(parts[parts.length - 2]!)} at lever ${last.slice(2)}`;
  else label = description ? humanise(last) : path;
  let shown = unitText(unit, parts[0] === 'levers');
  if (shown.toLowerCase() === label.toLowerCase()) shown = '';
  return { path, label, unit: shown, title: shown ? `${label} (${shown})` : label, description };
}

/** Labels of several parameters; two that would read the same get their paths appended. */
export function parameterLabels(paths: readonly string[]): ParameterLabel[] {
  const out = paths.map(parameterLabel);
  const seen = new Map<string, number>();
  for (const l of out) seen.set(l.title, (seen.get(l.title) ?? 0) + 1);
  return out.map((l) => (seen.get(l.title)! > 1 ? { ...l, label: `${l.label} [${l.path}]`, title: `${l.title} [${l.path}]` } : l));
}
