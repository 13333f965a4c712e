/**
 * The page's state in the URL fragment, so a link reopens the same what-if:
 * `#seed=42&replicates=3&size=3000&lang=en&set=levers.fund%3D0.8&...`, one
 * `set` per override (dotted path = JSON value, as `--set` reads it).
 */
export interface PageState {
  seed: number;
  replicates: number;
  /** population.households */
  size: number;
  lang: 'en' | 'zh';
  overrides: Record<string, unknown>;
}

export function encodeState(s: PageState): string {
  const p = new URLSearchParams();
  p.set('seed', String(s.seed));
  p.set('replicates', String(s.replicates));
  p.set('size', String(s.size));
  p.set('lang', s.lang);
  for (const [k, v] of Object.entries(s.overrides)) p.append('set', `${k}=${JSON.stringify(v)}`);
  return p.toString();
}

/** The state in a fragment (with or without '#'), over `defaults`; what cannot be read is left at the default. */
export function decodeState(fragment: string, defaults: PageState): PageState {
  const p = new URLSearchParams(fragment.replace(/^#/, ''));
  const int = (name: string, d: number) => {
    const v = p.get(name);
    return v !== null && /^\d+$/.test(v) ? Number(v) : d;
  };
  const overrides: Record<string, unknown> = { ...defaults.overrides };
  for (const s of p.getAll('set')) {
    const eq = s.indexOf('=');
    if (eq <= 0) continue;
    try {
      overrides[s.slice(0, eq)] = JSON.parse(s.slice(eq + 1));
    } catch {
      // not JSON: ignored, the control keeps the scenario's value
    }
  }
  const lang = p.get('lang') === 'zh' ? 'zh' : p.get('lang') === 'en' ? 'en' : defaults.lang;
  return { seed: int('seed', defaults.seed), replicates: int('replicates', defaults.replicates), size: int('size', defaults.size), lang, overrides };
}
