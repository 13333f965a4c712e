/**
 * The scenario of a design point: a base scenario with fixed overrides
 * (`set`) and then one value per parameter, exactly as `--set path=value`
 * would give it. Sweeps and calibration resolve thousands of points against
 * one base, so the base is parsed once and each point applies its
 * overrides to a copy of its value (prepareScenario); only a point that
 * fails goes through the scenario loader again, for its messages.
 */
import { SimError, type Problem } from '../core/errors.ts';
import { parseOverride, type Override } from '../scenario/load.ts';
import { parseScenario, prepareScenario } from '../scenario/scenario.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Value } from './design.ts';

/** `path=value` with the value written so it reads back exactly (JSON is YAML). */
export function overrideText(path: string, value: unknown): string {
  return `${path}=${JSON.stringify(value)}`;
}

/** A `path=value` override as text (for the loader's messages) and parsed (for the fast path). */
export interface Setting {
  text: string;
  /** undefined when the text does not parse; the loader then says why. */
  override: Override | undefined;
}

/** The setting of `path` to `value`. */
export function setting(path: string, value: unknown): Setting {
  return settingOfText(overrideText(path, value));
}

/** The setting of a `path=value` text (as given to --set). */
export function settingOfText(text: string): Setting {
  try {
    return { text, override: parseOverride(text) };
  } catch {
    return { text, override: undefined };
  }
}

export type Resolved = { scenario: Scenario } | { problems: Problem[] };

export interface PointResolver {
  /** The base with `set`, then `settings`: the scenario, or the problems the scenario loader reports. */
  resolve(settings: readonly Setting[]): Resolved;
  /** A point's settings: each parameter (by path) at its value, cached per parameter and value. */
  settingsOf(paths: readonly string[], values: readonly Value[]): Setting[];
  /** A point's scenario (base, `set`, then each parameter at its value); throws the loader's input error when it is not valid. */
  point(paths: readonly string[], values: readonly Value[]): Scenario;
  /** The setting of parameter number `parameter` (cached per parameter and value). */
  settingOf(parameter: number, path: string, value: Value): Setting;
}

/** A resolver over the base scenario `text` (read from `file`) with the fixed settings `set`. */
export function createPointResolver(text: string, file: string, set: readonly Setting[]): PointResolver {
  const fast = prepareScenario(text, file);
  const cache = new Map<number, Map<Value, Setting>>();
  const fastPath = (settings: readonly Setting[]): Scenario | undefined => {
    const overrides = [...set, ...settings].map((x) => x.override);
    return overrides.every((o): o is Override => o !== undefined) ? fast(overrides) : undefined;
  };
  const texts = (settings: readonly Setting[]) => [...set, ...settings].map((x) => x.text);
  const r: PointResolver = {
    resolve(settings) {
      const scenario = fastPath(settings);
      if (scenario) return { scenario };
      // Invalid (or not parsed): the loader, for its messages.
      try {
        return { scenario: parseScenario(text, file, texts(settings)) };
      } catch (e) {
        if (e instanceof SimError && e.exitCode === 2) return { problems: e.problems };
        throw e;
      }
    },
    settingsOf(paths, values) {
      return paths.map((path, i) => r.settingOf(i, path, values[i]!));
    },
    point(paths, values) {
      const settings = r.settingsOf(paths, values);
      return fastPath(settings) ?? parseScenario(text, file, texts(settings));
    },
    settingOf(parameter, path, value) {
      let byValue = cache.get(parameter);
      if (!byValue) cache.set(parameter, (byValue = new Map()));
      let x = byValue.get(value);
      if (!x) {
        if (byValue.size >= 10_000) byValue.clear(); // continuous ranges: every value is new
        byValue.set(value, (x = setting(path, value)));
      }
      return x;
    },
  };
  return r;
}
