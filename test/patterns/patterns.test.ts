// Pattern-oriented checks of the model against public figures (issue 5).
//
// The figures are the "Patterns that the registered-poor records of
// 2013-2019 show" of ../shared/data/README.md (public statistics, not in the
// seed documents):
//   1. about 42% of registered poor households were poor because of illness
//      (2013 registration; 44% after the 2015 re-check);
//   2. poverty microcredit reached about 2% of poor households in 2014 and
//      about 27% in 2016;
//   3. national audits found about 18% of sampled poverty funds misused in
//      2010-12 and about 2% in 2018;
// and, with no public figure, the central claim of the brief:
//   4. multi-centre governance lowers poverty compared with single-centre
//      governance, and the settings under which that advantage disappears;
// and, against ../shared/data/policy-inputs.csv and 004 3.2.1 (issue 10):
//   5. the minimum living guarantee's recipients (within 25% every year) and
//      spending (within 30%);
//   6. the 2014 registry (29.48 million households, 89.62 million people,
//      within 15%);
//   7. the 2015-16 re-check (8.07 million added, 9.29 million removed,
//      within 50%);
//   8. idle county funds below 10% of the year's public funds from 2016;
// and check 0: the national and County A fits to the headcount data.
//
// Every check is a band that can fail. The model misses some patterns: those are listed in KNOWN_MISSES,
// where the check asserts that the model is still OUTSIDE the public band, so
// that the test fails (and asks for the list to be updated) as soon as a
// change brings the model inside. The printed table says which is which.
//
// Run: npm run patterns   (vitest run test/patterns --reporter=verbose)
// The table printed at the end is what the README quotes; every row names the
// CLI command that reproduces its numbers (the CLI derives the same streams
// from the seed, so it prints the same values).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/io/csv.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runComparison, type ComparisonOutput } from '../../src/experiments/compare.ts';
import { runScenario, type Row } from '../../src/experiments/run.ts';
import { loadTarget } from '../../src/experiments/calibrate.ts';
import { meanInterval, pairedDifference, type Interval } from '../../src/metrics/intervals.ts';
import { loadScenarioFile } from '../../src/scenario/scenario.ts';

const SEED = 42;
const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/**
 * Patterns the model does not reproduce. For these the check asserts that the
 * model is still outside the public band; once a change brings it inside, the
 * check fails with a message to remove the id here. County A is not
 * calibrated (its registry falls too slowly, README "Calibrated scenarios").
 * The illness share left this list when the national calibration freed the
 * workers a chronic illness keeps from work (health.labour_loss_chronic,
 * with the share as a target; README "Calibrated scenarios").
 */
// 'leakage-strong': since issue 12 the social watch shifts responsibility (coordination_loss of the audits is
// lost where social organisations also watch), so supervision 0.9 leaves 5.2%.
// 'adverse: trust deficit': since draws are keyed (issue 12.4) the paired comparison is sharp enough to
// show that lower initial trust in firms and organisations LOWERS 2020 poverty slightly in both
// arrangements, more in multi-centre (docs/ODD.md 9.3: partly fewer loans with bad years).
const KNOWN_MISSES: ReadonlySet<string> = new Set(['county-a-fit', 'leakage-strong', 'adverse: trust deficit']);

function expectPattern(id: string, inBand: boolean, what: string): void {
  if (KNOWN_MISSES.has(id)) {
    expect(inBand, `${what}: the model now reproduces this pattern; remove '${id}' from KNOWN_MISSES`).toBe(false);
  } else {
    expect(inBand, `${what}: outside the band`).toBe(true);
  }
}

// ---------------------------------------------------------------------------
// Output: one table row per measure, printed once at the end.

interface TableRow {
  check: string;
  measure: string;
  model: string;
  publicFigure: string;
  verdict: string;
  command: string;
}
const table: TableRow[] = [];

afterAll(() => {
  if (table.length === 0) return;
  const head = ['check', 'measure', 'model: mean [95% interval]', 'public figure', 'band: verdict', 'reproduce with'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const r of table) lines.push(`| ${[r.check, r.measure, r.model, r.publicFigure, r.verdict, r.command].join(' | ')} |`);
  console.log(`Pattern checks (seed ${SEED}; intervals across replicates, Student t):\n${lines.join('\n')}`);
});

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pp = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(2)}`;
/** A share with its interval: 18.8% [18.1, 19.5]. */
const share = (iv: Interval) => `${pct(iv.mean)} [${(100 * iv.lo).toFixed(1)}, ${(100 * iv.hi).toFixed(1)}]`;
/** A difference of shares in percentage points: −2.22 pp [−3.18, −1.27]. */
const diff = (iv: Interval) => `${pp(iv.mean)} pp [${pp(iv.lo)}, ${pp(iv.hi)}]`;
const verdict = (id: string, inBand: boolean, band: string) =>
  `${band}: ${inBand ? 'in band' : 'OUTSIDE'}${KNOWN_MISSES.has(id) ? ' (known miss)' : ''}`;

function cli(cmd: 'run' | 'compare', files: string[], replicates: number, sets: string[], extra = ''): string {
  const s = sets.map((x) => ` --set ${x}`).join('');
  return `\`npx tsx src/cli.ts ${cmd} ${files.map((f) => `scenarios/${f}`).join(' ')} --seed ${SEED} --replicates ${replicates}${s}${extra}\``;
}

// ---------------------------------------------------------------------------
// Helpers over trajectory rows.

/** Values of `metric` in `year`, one per replicate, in replicate order. */
function byReplicate(rows: readonly Row[], year: number, metric: string): number[] {
  const out = rows.filter((r) => r['year'] === year).sort((a, b) => Number(a['replicate']) - Number(b['replicate']));
  if (out.length === 0) throw new Error(`no rows for year ${year}`);
  return out.map((r) => r[metric] as number);
}

/** Per replicate, the mean of `metric` over `years`. */
function meanOverYears(rows: readonly Row[], years: number[], metric: string): number[] {
  const cols = years.map((y) => byReplicate(rows, y, metric));
  return cols[0]!.map((_, r) => cols.reduce((s, c) => s + c[r]!, 0) / cols.length);
}

// ---------------------------------------------------------------------------
// Checks 1 and 2: the national scenario.
//
// scenarios/national-2010-2020.yaml is used (not baseline.yaml) because it has
// the national timeline the figures refer to: the thorough registration of
// 2014 (whose records describe households at the end of 2013: the "2013
// registration" of the public figure) and the re-check of 2015-16, with the
// registration quota (identification.scale_control) of 004 3.2.1. The model's
// 2014 row is set against the 2013 registration figure, its 2015 row against
// the 2015 re-check. It runs at its own, calibrated size (50,000 households,
// 5 replicates: about 6 s): its calibration was made at that size, and at
// small sizes one elite co-operative overshoots a village (scenarios/README.md).

const NATIONAL = 'national-2010-2020.yaml';
const NATIONAL_REPS = 5;
const NATIONAL_SETS: string[] = [];
const nationalCmd = cli('run', [NATIONAL], NATIONAL_REPS, NATIONAL_SETS, ' --out outputs/patterns-national');

describe('patterns of the registered poor (scenarios/national-2010-2020.yaml)', () => {
  let rows: Row[];
  beforeAll(() => {
    rows = runScenario(loadScenarioFile(dir + NATIONAL, NATIONAL_SETS), { seed: SEED, replicates: NATIONAL_REPS }).trajectory;
  });

  it('1. illness is the recorded cause of about 42% (registration; model year 2014) and 44% (2015 re-check) of registered poor households [band 30-55%: the public figure plus or minus about 12 points]', () => {
    const at2014 = meanInterval(byReplicate(rows, 2014, 'illness_cause_share'));
    const at2015 = meanInterval(byReplicate(rows, 2015, 'illness_cause_share'));
    const inBand = (iv: Interval) => iv.mean >= 0.3 && iv.mean <= 0.55;
    const cmd = `${nationalCmd}, column illness_cause_share`;
    table.push(
      { check: '1', measure: 'illness_cause_share, 2014 (registration)', model: share(at2014), publicFigure: '42% (2013 registration)', verdict: verdict('illness-share', inBand(at2014), '30-55%'), command: cmd },
      { check: '1', measure: 'illness_cause_share, 2015 (re-check)', model: share(at2015), publicFigure: '44% (after the 2015 re-check)', verdict: verdict('illness-share', inBand(at2015), '30-55%'), command: cmd },
    );
    expectPattern('illness-share', inBand(at2014) && inBand(at2015), `illness share ${pct(at2014.mean)} (2014), ${pct(at2015.mean)} (2015)`);
  });

  it('0. the national scenario fits the headcount series: RMSE over 2010-2016 below 1 point [the 2010 standard series]', () => {
    const file = fileURLToPath(new URL('../../../shared/data/china-rural-poverty-2010-standard.csv', import.meta.url));
    const data = loadTarget(file, { column: 'headcount_ratio_pct' }).observed.filter((o) => o.year >= 2010 && o.year <= 2016);
    expect(data).toHaveLength(7);
    let sq = 0;
    for (const { year, value } of data) sq += (meanInterval(byReplicate(rows, year, 'headcount_ratio')).mean - value) ** 2;
    const rmse = Math.sqrt(sq / data.length);
    const at2016 = meanInterval(byReplicate(rows, 2016, 'headcount_ratio'));
    table.push({
      check: '0',
      measure: 'headcount_ratio 2010-2016 against ../shared/data/china-rural-poverty-2010-standard.csv',
      model: `RMSE ${(100 * rmse).toFixed(2)} pp; 2016 ${share(at2016)}`,
      publicFigure: '17.2% (2010) to 4.5% (2016)',
      verdict: verdict('national-fit', rmse < 0.01, 'RMSE < 1 pp'),
      command: `${nationalCmd}, column headcount_ratio`,
    });
    // Not calibrated on the current model (issue 10 changed inputs and mechanisms; issue 11 calibrates).
    expectPattern('national-fit', rmse < 0.01, `national headcount RMSE 2010-2016 ${(100 * rmse).toFixed(2)} pp`);
  });

  it('2. microcredit uptake among registered poor households rises from about 2% (2014) to about 27% (2016) [band: paired rise of at least 10 pp, interval above 0]', () => {
    const u2014 = byReplicate(rows, 2014, 'microcredit_uptake');
    const u2016 = byReplicate(rows, 2016, 'microcredit_uptake');
    const rise = pairedDifference(u2016, u2014);
    const inBand = rise.mean >= 0.1 && rise.lo > 0;
    const cmd = `${nationalCmd}, column microcredit_uptake`;
    table.push(
      { check: '2', measure: 'microcredit_uptake, 2014', model: share(meanInterval(u2014)), publicFigure: '~2%', verdict: '(level, not asserted)', command: cmd },
      { check: '2', measure: 'microcredit_uptake, 2016', model: share(meanInterval(u2016)), publicFigure: '~27%', verdict: '(level, not asserted)', command: cmd },
      { check: '2', measure: 'microcredit_uptake, 2016 − 2014 (paired by replicate)', model: diff(rise), publicFigure: '+25 pp', verdict: verdict('microcredit-rise', inBand, '≥ +10 pp, interval > 0'), command: cmd },
    );
    expectPattern('microcredit-rise', inBand, `microcredit uptake 2016 − 2014 = ${diff(rise)}`);
  });

  // Checks 5-8 (issue 10): the minimum living guarantee, the registry and idle funds against the
  // public record. ../shared/data/policy-inputs.csv gives the guarantee's standard and budget as
  // inputs of the scenario; its recipients are not an input, so they are a check. Its spending
  // can fall short of the budget (too few applicants below the standard), never far exceed it.

  it('5. guarantee recipients within 25% of the recorded count, and spending within 30% of the recorded spending, in every year the record gives', () => {
    const record = parseCsv(readFileSync(fileURLToPath(new URL('../../../shared/data/policy-inputs.csv', import.meta.url)), 'utf8'), 'policy-inputs.csv');
    let worstPeople = 0;
    let worstSpending = 0;
    const cmd = `${nationalCmd}, columns guarantee_recipients, funds_guarantee`;
    for (const row of record.rows) {
      const year = Number(row['year']);
      if (year < 2010 || year > 2020) continue;
      const people = Number(row['dibao_rural_recipients_million']) * 1e6;
      const spending = Number(row['dibao_rural_spending_billion']) * 1e9;
      if (row['dibao_rural_recipients_million'] !== '') {
        const model = meanInterval(byReplicate(rows, year, 'guarantee_recipients'));
        worstPeople = Math.max(worstPeople, Math.abs(model.mean / people - 1));
        table.push({ check: '5', measure: `guarantee_recipients, ${year}`, model: `${(model.mean / 1e6).toFixed(1)} M [${(model.lo / 1e6).toFixed(1)}, ${(model.hi / 1e6).toFixed(1)}]`, publicFigure: `${(people / 1e6).toFixed(1)} M`, verdict: verdict('guarantee-recipients', Math.abs(model.mean / people - 1) <= 0.25, 'within 25%'), command: cmd });
      }
      if (row['dibao_rural_spending_billion'] !== '') {
        const model = meanInterval(byReplicate(rows, year, 'funds_guarantee'));
        worstSpending = Math.max(worstSpending, Math.abs(model.mean / spending - 1));
      }
    }
    table.push({ check: '5', measure: 'funds_guarantee, largest gap to the record over 2010-2020', model: pct(worstSpending), publicFigure: '(the budget input)', verdict: verdict('guarantee-spending', worstSpending <= 0.3, 'within 30%'), command: cmd });
    expectPattern('guarantee-recipients', worstPeople <= 0.25, `guarantee recipients: largest gap ${pct(worstPeople)}`);
    expectPattern('guarantee-spending', worstSpending <= 0.3, `guarantee spending: largest gap ${pct(worstSpending)}`);
  });

  it('6. the 2014 registry within 15% of 29.48 million households and of 89.62 million people (004 3.2.1)', () => {
    const hh = meanInterval(byReplicate(rows, 2014, 'registered_poor'));
    const people = meanInterval(byReplicate(rows, 2014, 'registered_people'));
    const hhIn = Math.abs(hh.mean / 29.48e6 - 1) <= 0.15;
    const peopleIn = Math.abs(people.mean / 89.62e6 - 1) <= 0.15;
    const millions = (iv: Interval) => `${(iv.mean / 1e6).toFixed(1)} M [${(iv.lo / 1e6).toFixed(1)}, ${(iv.hi / 1e6).toFixed(1)}]`;
    table.push(
      { check: '6', measure: 'registered_poor, 2014', model: millions(hh), publicFigure: '29.48 M households', verdict: verdict('registry-households', hhIn, 'within 15%'), command: `${nationalCmd}, column registered_poor` },
      { check: '6', measure: 'registered_people, 2014', model: millions(people), publicFigure: '89.62 M people', verdict: verdict('registry-people', peopleIn, 'within 15%'), command: `${nationalCmd}, column registered_people` },
    );
    expectPattern('registry-households', hhIn, `2014 registry ${millions(hh)} households`);
    expectPattern('registry-people', peopleIn, `2014 registry ${millions(people)} people`);
  });

  it('7. the 2015-16 re-check (the model\'s January 2016) added and removed within 50% of 8.07 and 9.29 million people (004 3.2.1)', () => {
    const added = meanInterval(byReplicate(rows, 2016, 'recheck_added_people'));
    const removed = meanInterval(byReplicate(rows, 2016, 'recheck_removed_people'));
    const addIn = Math.abs(added.mean / 8.07e6 - 1) <= 0.5;
    const removeIn = Math.abs(removed.mean / 9.29e6 - 1) <= 0.5;
    const millions = (iv: Interval) => `${(iv.mean / 1e6).toFixed(2)} M [${(iv.lo / 1e6).toFixed(2)}, ${(iv.hi / 1e6).toFixed(2)}]`;
    table.push(
      { check: '7', measure: 'recheck_added_people, 2016', model: millions(added), publicFigure: '8.07 M', verdict: verdict('recheck-added', addIn, 'within 50%'), command: `${nationalCmd}, column recheck_added_people` },
      { check: '7', measure: 'recheck_removed_people, 2016', model: millions(removed), publicFigure: '9.29 M', verdict: verdict('recheck-removed', removeIn, 'within 50%'), command: `${nationalCmd}, column recheck_removed_people` },
    );
    expectPattern('recheck-added', addIn, `re-check added ${millions(added)}`);
    expectPattern('recheck-removed', removeIn, `re-check removed ${millions(removed)}`);
  });

  it('8. idle county funds stay below 10% of the year\'s public poverty funds from 2016', () => {
    let worst = 0;
    let worstYear = 2016;
    for (let year = 2016; year <= 2020; year++) {
      const idle = meanInterval(byReplicate(rows, year, 'funds_idle')).mean;
      const pub = meanInterval(byReplicate(rows, year, 'funds_public')).mean;
      if (idle / pub > worst) (worst = idle / pub), (worstYear = year);
    }
    table.push({ check: '8', measure: 'funds_idle / funds_public, largest 2016-2020', model: `${pct(worst)} (${worstYear})`, publicFigure: 'small (spent; 004 3.2)', verdict: verdict('idle-funds', worst < 0.1, '< 10%'), command: `${nationalCmd}, columns funds_idle, funds_public` });
    expectPattern('idle-funds', worst < 0.1, `idle funds ${pct(worst)} of public funds in ${worstYear}`);
  });
});

// ---------------------------------------------------------------------------
// Check 0 for County A: the calibrated file still gives its documented fit
// (README, "Calibrated scenarios": 14.7% in 2011 and 2.45% in 2017 with 20
// replicates, against 14.0% and 1.2%). The bands guard against a model change
// that silently breaks the calibration; they do not claim a better fit.

describe('the calibrated County A scenario (scenarios/county-a.yaml)', () => {
  it('0. 2011 within 1.5 points of the data and 2017 below 3.5% [data 14.0% and 1.2%]', () => {
    const file = fileURLToPath(new URL('../../../shared/data/county-a.csv', import.meta.url));
    const data = loadTarget(file, { column: 'headcount_ratio_pct' }).observed;
    const rows = runScenario(loadScenarioFile(dir + 'county-a.yaml'), { seed: SEED, replicates: 5 }).trajectory;
    const at = (y: number) => meanInterval(byReplicate(rows, y, 'headcount_ratio'));
    const y2011 = at(2011);
    const y2017 = at(2017);
    const holds = Math.abs(y2011.mean - data.find((o) => o.year === 2011)!.value) < 0.015 && y2017.mean < 0.035;
    table.push({
      check: '0',
      measure: 'headcount_ratio 2011 and 2017 against ../shared/data/county-a.csv (calibrated)',
      model: `2011 ${share(y2011)}; 2017 ${share(y2017)}`,
      publicFigure: '14.0% (2011), 1.2% (2017)',
      verdict: verdict('county-a-fit', holds, '2011 within 1.5 pp, 2017 < 3.5%'),
      command: cli('run', ['county-a.yaml'], 5, [], ' --out outputs/patterns-county-a') + ', column headcount_ratio',
    });
    // Not calibrated on the current model (issue 10 changed the guarantee; issue 11 calibrates).
    expectPattern('county-a-fit', holds, `County A 2011 ${share(y2011)}, 2017 ${share(y2017)}`);
  });
});

// ---------------------------------------------------------------------------
// Check 3: leakage with weak and with strong supervision, paired.
//
// Same scenario and seed, only budget.supervision differs (0.1 vs 0.9), so
// replicate r of both runs has the same households and shocks. The model's
// leakage_rate is funds_leaked / funds_public (misuse at the central,
// provincial and county levels; elite capture at the village is not in it).
// The weak run's 2010-12 mean is set against the 2010-12 audits, the strong
// run's 2018 value against the 2018 audit. The levels depend on the chosen
// supervision values and on the uncalibrated budget.leakage_base (0.2); what
// the check establishes is the direction and the order of magnitude.

const WEAK = ['budget.supervision=0.1'];
const STRONG = ['budget.supervision=0.9'];
const LEAK_HH = 4000;
const LEAK_REPS = 4;

describe('leakage falls when supervision strengthens (scenarios/national-2010-2020.yaml, paired)', () => {
  let cmp: ComparisonOutput;
  beforeAll(() => {
    const load = (sets: string[]) => loadScenarioFile(dir + NATIONAL, [`population.households=${LEAK_HH}`, ...sets]);
    cmp = runComparison([load(STRONG), load(WEAK)], { seed: SEED, replicates: LEAK_REPS, labels: ['strong', 'weak'], metrics: ['leakage_rate'] });
  });

  it('3. about 18% of funds misused under weak supervision (2010-12) and about 2% under strong supervision (2018) [bands 10-30% and 0-5%; paired fall of more than 5 pp]', () => {
    const rowsOf = (label: string) => cmp.comparison.filter((r) => r['scenario'] === label);
    const weak = meanInterval(meanOverYears(rowsOf('weak'), [2010, 2011, 2012], 'leakage_rate'));
    const strong = meanInterval(byReplicate(rowsOf('strong'), 2018, 'leakage_rate'));
    const pair = cmp.summary.pairs.find((p) => p.year === 2018 && p.metric === 'leakage_rate');
    expect(pair).toBeDefined();
    const fall = pair!.difference; // strong − weak, 2018
    const weakIn = weak.mean >= 0.1 && weak.mean <= 0.3;
    const strongIn = strong.mean >= 0 && strong.mean <= 0.05;
    const fallIn = fall.hi < -0.05;
    const cmd = (sets: string[], out: string) => `${cli('run', [NATIONAL], LEAK_REPS, [`population.households=${LEAK_HH}`, ...sets], ` --out outputs/${out}`)}, column leakage_rate`;
    table.push(
      { check: '3', measure: 'leakage_rate, weak supervision (budget.supervision=0.1), mean 2010-12', model: share(weak), publicFigure: '~18% misused (audits 2010-12)', verdict: verdict('leakage-weak', weakIn, '10-30%'), command: cmd(WEAK, 'patterns-weak') },
      { check: '3', measure: 'leakage_rate, strong supervision (budget.supervision=0.9), 2018', model: share(strong), publicFigure: '~2% misused (audit 2018)', verdict: verdict('leakage-strong', strongIn, '0-5%'), command: cmd(STRONG, 'patterns-strong') },
      { check: '3', measure: 'leakage_rate, strong − weak, 2018 (paired by replicate)', model: diff(fall), publicFigure: '−16 pp', verdict: verdict('leakage-fall', fallIn, 'interval below −5 pp'), command: 'both runs above; trajectory.csv rows of the same replicate' },
    );
    expectPattern('leakage-weak', weakIn, `leakage with weak supervision ${share(weak)}`);
    expectPattern('leakage-strong', strongIn, `leakage with strong supervision ${share(strong)}`);
    expectPattern('leakage-fall', fallIn, `leakage strong − weak ${diff(fall)}`);
  });
});

// ---------------------------------------------------------------------------
// Check 4: multi-centre vs single-centre, and when the advantage disappears.
//
// The pair of files differs in governance.arrangement only; every setting
// below is applied to both arms (as `compare --set` does), and none of them
// touches what shapes the households or shocks (compare.ts CRN_SECTIONS), so
// all ten runs share replicate r's households and shocks. The measure is the
// people's headcount ratio in the final year (2020), multi − single: negative
// means multi-centre leaves fewer people poor. "Change vs default" is the
// paired difference between a setting's multi − single and the default's
// (positive: the advantage shrinks).

const MC_HH = 6000;
const MC_REPS = 6;
// Plausible settings from the sources (issue 12), each alone, not a combination of extremes.
// County A's co-operative linkage: 214 enterprises, co-operatives and large households brought
// 3,623 poor households into stable income (003 IV.D), about 17 per firm (default 300).
const LINKAGE = ['enterprises.members_per_firm=17'];
// County A's unclear responsibility boundaries (003 V.B): the organisational lever at 0.25, as county-a.yaml.
const BOUNDARIES = ['levers.organisational=0.25'];
// County A's trust deficit (003 VI.B: only "initial trust" between households and the other subjects).
const TRUST = ['trust.initial_enterprise=0.35', 'trust.initial_social=0.35'];
// Guizhou's four deficiencies (000 §3), the values of guizhou-deficiencies.yaml.
const GUIZHOU = ['levers.fund=0.25', 'levers.social=0.25', 'levers.organisational=0.25', 'budget.supervision=0.25', 'population.aspiration_mean=0.35'];
const SETTINGS: { name: string; sets: string[] }[] = [
  { name: 'default', sets: [] },
  { name: "County A's co-operative linkage (17 members per firm)", sets: LINKAGE },
  { name: 'unclear responsibility boundaries', sets: BOUNDARIES },
  { name: 'trust deficit', sets: TRUST },
  { name: "Guizhou's four deficiencies", sets: GUIZHOU },
];

interface Setting {
  name: string;
  sets: string[];
  year: number;
  /** multi − single, paired by replicate. */
  advantage: Interval;
  /** Per replicate, multi − single. */
  perReplicate: number[];
}

describe('multi-centre vs single-centre (scenarios/multi-centre.yaml vs single-centre.yaml, paired)', () => {
  const results = new Map<string, Setting>();
  beforeAll(() => {
    for (const { name, sets } of SETTINGS) {
      const load = (f: string) => loadScenarioFile(dir + f, [`population.households=${MC_HH}`, ...sets]);
      const cmp = runComparison([load('multi-centre.yaml'), load('single-centre.yaml')], { seed: SEED, replicates: MC_REPS, metrics: ['headcount_ratio'] });
      const year = cmp.summary.finalYear;
      const pair = cmp.summary.pairs.find((p) => p.year === year && p.metric === 'headcount_ratio')!;
      const [a, b] = cmp.labels;
      const multi = byReplicate(cmp.comparison.filter((r) => r['scenario'] === a), year, 'headcount_ratio');
      const single = byReplicate(cmp.comparison.filter((r) => r['scenario'] === b), year, 'headcount_ratio');
      results.set(name, { name, sets, year, advantage: pair.difference, perReplicate: multi.map((x, r) => x - single[r]!) });
    }
    const base = results.get('default')!;
    for (const s of results.values()) {
      const iv = s.advantage;
      const change = pairedDifference(s.perReplicate, base.perReplicate);
      const state = iv.hi < 0 ? 'multi-centre better' : iv.lo > 0 ? 'single-centre better' : 'no difference (interval includes 0)';
      table.push({
        check: '4',
        measure: `headcount_ratio ${s.year}, multi − single, ${s.name}`,
        model: diff(iv),
        publicFigure: 'none (claim: multi-centre lowers poverty)',
        verdict: s.name === 'default' ? state : `${state}; change vs default ${diff(change)}`,
        command: cli('compare', ['multi-centre.yaml', 'single-centre.yaml'], MC_REPS, [`population.households=${MC_HH}`, ...s.sets]),
      });
    }
  });

  it('4a. by default multi-centre leaves fewer people poor than single-centre (paired interval below 0)', () => {
    const d = results.get('default')!.advantage;
    expect(d.hi, `default multi − single ${diff(d)}`).toBeLessThan(0);
  });

  it('4b. at least one plausible setting removes the advantage (paired interval includes 0 or lies above it)', () => {
    const adverse = [...results.values()].filter((s) => s.name !== 'default');
    const removed = adverse.filter((s) => s.advantage.hi >= 0).map((s) => s.name);
    expect(removed.length, adverse.map((s) => `${s.name}: ${diff(s.advantage)}`).join('; ')).toBeGreaterThanOrEqual(1);
  });

  it("4c. co-operatives at County A's reported size remove at least half of the advantage (paired across settings)", () => {
    const base = results.get('default')!;
    const linkage = results.get("County A's co-operative linkage (17 members per firm)")!;
    const change = pairedDifference(linkage.perReplicate, base.perReplicate);
    expect(change.lo, `change vs default ${diff(change)}`).toBeGreaterThan(0);
    expect(Math.abs(linkage.advantage.mean), `linkage ${diff(linkage.advantage)} vs default ${diff(base.advantage)}`).toBeLessThan(0.5 * Math.abs(base.advantage.mean));
  });

  it('4d. no adverse setting strengthens the advantage (change vs default: paired interval not entirely below 0)', () => {
    const base = results.get('default')!;
    for (const s of results.values()) {
      if (s.name === 'default') continue;
      const change = pairedDifference(s.perReplicate, base.perReplicate);
      expectPattern(`adverse: ${s.name}`, change.hi >= 0, `${s.name}: change vs default ${diff(change)}`);
    }
  });
});
