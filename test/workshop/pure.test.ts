// The workshop page's pure parts under Node: controls read from the schema,
// the URL-fragment state, the downloaded scenario text, the scenario text a
// page starts from, and the worker bundle (no Node built-in left in it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { main } from '../../src/cli/main.ts';
import { scenarioJsonSchema } from '../../src/scenario/export-schema.ts';
import { walkPath } from '../../src/scenario/fields.ts';
import { defaultScenario, loadScenarioFile, parseScenario } from '../../src/scenario/scenario.ts';
import { ScenarioSchema } from '../../src/scenario/schema.ts';
import { bundleScripts } from '../../src/workshop/bundle.ts';
import { embedCjkFont } from '../../src/workshop/font.ts';
import { chineseText } from '../../src/workshop/page/strings.ts';
import { browserScenarioText, workshopDefaults } from '../../src/workshop/build.ts';
import { childrenOf, fieldAt, leafFields, plainLabel, scaleSeries, type JsonSchema } from '../../src/workshop/fields.ts';
import { setStrings, type WhatIf } from '../../src/workshop/protocol.ts';
import { scenarioYaml } from '../../src/workshop/scenario-text.ts';
import { decodeState, encodeState, type PageState } from '../../src/workshop/state.ts';

const schema = scenarioJsonSchema() as JsonSchema;

describe('controls from the schema', () => {
  it('the eight levers, with their range, unit and a plain label', () => {
    const levers = childrenOf(schema, 'levers');
    expect(levers.map((f) => f.path)).toEqual(Object.keys(defaultScenario().levers).map((k) => `levers.${k}`));
    const fund = fieldAt(schema, 'levers.fund')!;
    expect(fund).toMatchObject({ kind: 'series', min: 0, max: 1, unit: 'share', default: 0.5, label: 'Fund synergy' });
    expect(fieldAt(schema, 'governance.arrangement')).toMatchObject({ kind: 'enum', options: ['multi', 'single'] });
    expect(fieldAt(schema, 'events.0.kind')?.options).toContain('assistance_withdrawal');
    expect(fieldAt(schema, 'no.such.field')).toBeUndefined();
  });

  it('every field of the advanced panel is a path --set accepts', () => {
    const leaves = leafFields(schema);
    expect(leaves.length).toBeGreaterThan(200);
    for (const f of leaves) expect('problem' in walkPath(ScenarioSchema, f.path.split('.')), f.path).toBe(false);
    expect(leaves.map((f) => f.path)).toContain('guarantee.enabled');
  });

  it('labels: the first phrase of the description, else the field name', () => {
    expect(plainLabel('Strategic synergy: one goal shared top-down.', 'levers.strategic')).toBe('Strategic synergy');
    expect(plainLabel('Mean household size (people).', 'x.household_size_mean')).toBe('Mean household size');
    expect(plainLabel('', 'budget.leakage_base')).toBe('Leakage base');
    // One word before a colon names a case, not the field.
    expect(plainLabel('multi: enterprises co-deliver; single: government alone.', 'governance.arrangement')).toBe('Arrangement');
    expect(plainLabel('Epidemic: multiplier of illness hazards; disaster: share lost.', 'events.0.severity')).toBe('Severity');
  });

  it('a money series scaled keeps its form: number, expression, table', () => {
    expect(scaleSeries(100, 1.5)).toBe(150);
    expect(scaleSeries('40e6 * 1.1^(year - 2011)', 2)).toBe('(40e6 * 1.1^(year - 2011)) * 2');
    expect(scaleSeries({ 2011: 10, 2015: 20 }, 0.5)).toEqual({ 2011: 5, 2015: 10 });
  });
});

describe('state in the URL fragment', () => {
  const defaults: PageState = { seed: 42, replicates: 3, size: 3000, lang: 'en', overrides: {} };

  it('round-trips seed, replicates, size, language and overrides of every shape', () => {
    const s: PageState = { seed: 7, replicates: 5, size: 1200, lang: 'zh', overrides: { 'levers.fund': 0.85, 'governance.arrangement': 'single', events: [{ kind: 'epidemic', year: 2016 }], 'budget.central': '(40e6 * 1.119^(year - 2011)) * 1.5' } };
    expect(decodeState('#' + encodeState(s), defaults)).toEqual(s);
  });

  it('what it cannot read stays at the default', () => {
    expect(decodeState('#seed=abc&lang=fr&set=levers.fund%3Dnot-json&set=noequals', defaults)).toEqual(defaults);
  });
});

describe('the downloaded scenario', () => {
  const text = readFileSync('scenarios/baseline.yaml', 'utf8');
  const w: WhatIf = {
    seed: 9,
    replicates: 2,
    overrides: {
      'levers.fund': 0.9,
      'governance.arrangement': 'single',
      'guarantee.enabled': false,
      'budget.central': '(40e6 * 1.119^(year - 2011)) * 1.5',
      'population.households': 2000,
      events: [{ kind: 'epidemic', year: 2016, month: 3, months: 6, severity: 2, share: 0.2, product: '' }],
    },
  };

  it('is the what-if: validate reads it as the base with --set overrides, seed and replicates', () => {
    const yaml = scenarioYaml(text, w);
    const fromFile = parseScenario(yaml, 'what-if.yaml');
    const fromSets = parseScenario(text, 'baseline.yaml', [...setStrings(w.overrides), 'seed=9', 'replicates=2']);
    expect(fromFile).toEqual(fromSets);
    expect(yaml).toContain('# Baseline: a county the size of County A'); // the file's comments are kept
  });
});

describe('the page\'s scenario text and size', () => {
  it('a scenario that reads CSV series carries them as tables, and resolves to the same scenario', () => {
    const file = 'scenarios/national-2010-2020.yaml';
    expect(readFileSync(file, 'utf8')).toContain('csv:');
    const text = browserScenarioText(file);
    expect(text).not.toMatch(/\bcsv:/);
    expect(parseScenario(text, 'national-2010-2020.yaml')).toEqual(loadScenarioFile(file));
  });

  it('a file without CSV series is embedded as it is', () => {
    expect(browserScenarioText('scenarios/baseline.yaml')).toBe(readFileSync('scenarios/baseline.yaml', 'utf8'));
  });

  it('workshop size: a few thousand households, at least one per village, never more than the scenario has', () => {
    for (const f of ['scenarios/baseline.yaml', 'scenarios/national-2010-2020.yaml']) {
      const s = loadScenarioFile(f);
      const d = workshopDefaults(s);
      expect(d.size).toBeGreaterThanOrEqual(s.population.counties * s.population.villages_per_county);
      expect(d.size).toBeLessThanOrEqual(s.population.households);
      expect(d.replicates).toBeLessThanOrEqual(3);
    }
  });
});

describe('the CJK font', () => {
  it('every Chinese character of the page is covered, cut to a few tens of kB, with its licence', async () => {
    const font = await embedCjkFont(chineseText());
    expect(font.subsets).toBeGreaterThan(0);
    expect(font.bytes).toBeLessThan(200_000);
    expect(font.css).toMatch(/^@font-face \{ font-family: 'Noto Sans SC Variable'; .*src: url\(data:font\/woff2;base64,/);
    expect(font.licence).toContain('SIL Open Font License');
    const none = await embedCjkFont('only ASCII');
    expect(none.subsets).toBe(0);
  });
});

describe('the bundles', () => {
  it('the worker holds the model without Node built-ins; the page script builds', async () => {
    const { worker, page } = await bundleScripts();
    expect(worker).not.toMatch(/require\(["']node:|from ["']node:/);
    expect(worker).toContain('ledger does not balance'); // the run path itself is in it
    expect(page.length).toBeGreaterThan(1000);
  });
});

describe('the workshop command', () => {
  it('takes an optional scenario and --out', () => {
    expect(parseArgs(['workshop'], { version: '0' })).toEqual({ kind: 'workshop', scenario: undefined, out: undefined });
    expect(parseArgs(['workshop', 'scenarios/county-a.yaml', '--out', 'stick'], { version: '0' })).toEqual({ kind: 'workshop', scenario: 'scenarios/county-a.yaml', out: 'stick' });
  });

  it('a scenario that does not validate writes nothing and exits 2 with the messages of validate', async () => {
    let stderr = '';
    const code = await main(['workshop', 'no-such-file.yaml', '--out', '.vitest-tmp/never'], { cwd: process.cwd(), stdout: { write: () => true }, stderr: { write: (x: string) => (stderr += x) }, stderrIsTTY: false });
    expect(code).toBe(2);
    expect(stderr).toBe('error: no-such-file.yaml: cannot read file (no such file)\nno-such-file.yaml: (root): cannot read file: no such file\n');
  });
});
