/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The workshop page: controls → a what-if → the worker runs it → rows come
 * back year by year → charts and the headline table. A pinned baseline stays
 * on the charts; later runs keep its seed and replicates so differences are
 * paired by replicate. The state lives in the URL fragment. The page marks
 * itself on <body data-state="idle|running|done|error"> for scripts.
 */
import { metricEntry } from '../../metrics/catalogue.ts';
import { differenceRange, meanInterval, pairedDifference, type Interval } from '../../metrics/intervals.ts';
import { rangeOf } from '../../metrics/summary.ts';
import { fieldAt, type JsonSchema } from '../fields.ts';
import type { FromWorker, ToWorker, WhatIf } from '../protocol.ts';
import { decodeState, encodeState, type PageState } from '../state.ts';
import { Charts, type Point } from './charts.ts';
import { buildAdvanced, buildMain, type ControlsHost } from './controls.ts';
import { decimals, display, num } from './numbers.ts';
import { fill, t, type Lang } from './strings.ts';

/** What build.ts embeds in the page. */
export interface PageData {
  scenarioText: string;
  file: string;
  schema: JsonSchema;
  defaults: { seed: number; replicates: number; size: number };
  /** The metrics of the charts and the headline table (catalogue names). */
  metrics: string[];
}

type Row = Record<string, string | number>;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
interface Run {
  state: PageState;
  name: string;
  years: [number, number];
  /** replicate → year → row */
  rows: Map<number, Map<number, Row>>;
  csv?: string;
  milliseconds?: number;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const data = JSON.parse($('workshop-data').textContent ?? '{}') as PageData;
const workerSource = $('workshop-worker').textContent ?? '';

let scenarioText = data.scenarioText;
let file = data.file;
let base: Record<string, unknown> = {};
const defaults: PageState = { ...data.defaults, lang: 'en', overrides: {} };
let state: PageState = decodeState(location.hash, defaults);
let current: Run | undefined;
let baseline: Run | undefined;
const charts = new Charts($('charts'));

// ---- the worker -------------------------------------------------------------

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, (m: FromWorker) => void>();

function newWorker(): Worker {
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  w.onmessage = (e: MessageEvent<FromWorker>) => waiting.get(e.data.id)?.(e.data);
  w.onerror = (e) => fail(`worker: ${e.message}`, []);
  return w;
}

/** Send a request; `on` gets every answer to it. */
function ask(msg: WithoutId<ToWorker>, on: (m: FromWorker) => void): number {
  worker ??= newWorker();
  const id = nextId++;
  waiting.set(id, on);
  worker.postMessage({ ...msg, id } as ToWorker);
  return id;
}

function whatIf(s: PageState): WhatIf {
  return { overrides: { ...s.overrides, 'population.households': s.size }, seed: s.seed, replicates: s.replicates };
}

// ---- page state ---------------------------------------------------------------

let shownState: 'idle' | 'running' | 'done' | 'error' = 'idle';
let shownDetail = '';
function setPageState(s: 'idle' | 'running' | 'done' | 'error', detail = ''): void {
  shownState = s;
  shownDetail = detail;
  document.body.setAttribute('data-state', s);
  $('status').textContent = `${t(state.lang, `state.${s}`)}${detail ? ` ${detail}` : ''}`;
}

function fail(message: string, lines: string[]): void {
  const box = $('errors');
  box.hidden = false;
  box.textContent = [`error: ${message}`, ...lines].join('\n');
  setPageState('error');
}

function saveState(): void {
  history.replaceState(null, '', `#${encodeState(state)}`);
}

// ---- controls -----------------------------------------------------------------

const host = (): ControlsHost => ({
  schema: data.schema,
  base,
  overrides: state.overrides,
  lang: state.lang,
  onChange(path, value) {
    const overrides = { ...state.overrides };
    if (value === undefined) delete overrides[path];
    else overrides[path] = value;
    state = { ...state, overrides };
    saveState();
    if (path === 'events') buildMain($('controls'), host()); // the list of shocks changed shape
    start();
  },
});

function buildControls(): void {
  buildMain($('controls'), host());
  const adv = $('advanced-body');
  adv.textContent = '';
  const details = $<HTMLDetailsElement>('advanced');
  const fill = () => buildAdvanced(adv, host());
  if (details.open) fill();
  details.ontoggle = () => details.open && adv.childElementCount === 0 && fill();
  runSettings();
}

/** Seed, replicates, size: schema ranges; seed and replicates locked to a pinned baseline. */
function runSettings(): void {
  const box = $('run-settings');
  box.textContent = '';
  const items: [keyof PageState & ('seed' | 'replicates' | 'size'), string, string][] = [
    ['seed', 'seed', 'run.seed'],
    ['replicates', 'replicates', 'run.replicates'],
    ['size', 'population.households', 'run.size'],
  ];
  for (const [key, path, word] of items) {
    const f = fieldAt(data.schema, path)!;
    const label = document.createElement('label');
    label.title = `${f.path}\n${f.description}${f.unit ? `\nunit: ${f.unit}` : ''}`;
    label.textContent = `${t(state.lang, word, f.label)} `;
    const input = document.createElement('input');
    input.type = 'number';
    input.id = `run-${key}`;
    input.min = String(f.min ?? 0);
    input.max = String(key === 'replicates' ? 50 : f.max ?? '');
    input.step = '1';
    input.value = String(state[key]);
    input.disabled = baseline !== undefined && key !== 'size';
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (!Number.isInteger(v) || v < Number(input.min) || v > Number(input.max)) return void (input.value = String(state[key]));
      state = { ...state, [key]: v };
      saveState();
      start();
    });
    label.appendChild(input);
    box.appendChild(label);
  }
  $('pinned-note').hidden = baseline === undefined;
}

// ---- runs ---------------------------------------------------------------------

let runId = 0;
let started = 0;

function start(): void {
  if (current && !current.csv && worker) {
    // A run is under way: a new what-if replaces it.
    worker.terminate();
    worker = undefined;
    waiting.clear();
  }
  $('errors').hidden = true;
  const s = state;
  setPageState('running');
  started = performance.now();
  const run: Run = { state: s, name: '', years: [0, 0], rows: new Map() };
  runId = ask({ type: 'run', scenarioText, file, whatIf: whatIf(s) }, (m) => {
    if (m.type === 'started') {
      run.name = m.name;
      run.years = [m.startYear, m.endYear];
      current = run;
      void charts.build(chartMetrics(), run.years, yearWord(), seriesWords()).then(redraw);
    } else if (m.type === 'row') {
      const rep = Number(m.row['replicate']);
      if (!run.rows.has(rep)) run.rows.set(rep, new Map());
      run.rows.get(rep)!.set(Number(m.row['year']), m.row);
      const years = (run.years[1] - run.years[0] + 1) * s.replicates;
      const done = [...run.rows.values()].reduce((n, r) => n + r.size, 0);
      $<HTMLProgressElement>('progress').value = done / years;
      redraw();
    } else if (m.type === 'done') {
      run.csv = m.csv;
      run.milliseconds = m.milliseconds;
      document.body.setAttribute('data-run-ms', String(Math.round(performance.now() - started)));
      document.body.setAttribute('data-model-ms', String(Math.round(m.milliseconds)));
      redraw();
      void charts.drawn().then(() => {
        if (runId !== m.id) return;
        setPageState('done', `— ${run.name}: ${s.replicates} × ${run.years[0]}–${run.years[1]}, ${(m.milliseconds / 1000).toFixed(1)} s`);
      });
      ($('download-results') as HTMLButtonElement).disabled = false;
      ($('pin') as HTMLButtonElement).disabled = false;
    } else if (m.type === 'error') {
      fail(m.message, m.lines);
    }
  });
}

function chartMetrics(): { name: string; title: string; unit: string }[] {
  return data.metrics.map((name) => ({ name, title: t(state.lang, `metric.${name}`, metricEntry(name)?.label ?? name), unit: unitWord(display(name).unit) }));
}

function seriesWords(): string[] {
  return baseline ? [t(state.lang, 'series.this'), t(state.lang, 'series.baseline')] : [t(state.lang, 'series.this')];
}

function yearWord(): string {
  return t(state.lang, 'headline.year', metricEntry('year')?.label ?? 'Year');
}

function unitWord(u: string): string {
  return t(state.lang, `unit.${u}`, u);
}

/** The values of a metric in a year, by replicate (empty cells left out). */
function valuesOf(run: Run, year: number, metric: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const [rep, years] of run.rows) {
    const v = years.get(year)?.[metric];
    if (typeof v === 'number' && Number.isFinite(v)) out.set(rep, v);
  }
  return out;
}

function interval(run: Run, year: number, metric: string): Interval | undefined {
  const v = [...valuesOf(run, year, metric).values()];
  return v.length === 0 ? undefined : meanInterval(v, rangeOf(metric));
}

let frame = 0;
function redraw(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (!current) return;
    const byMetric = new Map<string, Point[]>();
    for (const metric of data.metrics) {
      const points: Point[] = [];
      for (const [run, series] of [[current, t(state.lang, 'series.this')], [baseline, t(state.lang, 'series.baseline')]] as const) {
        if (!run) continue;
        for (let y = run.years[0]; y <= run.years[1]; y++) {
          const iv = interval(run, y, metric);
          if (iv) points.push({ year: y, series, mean: iv.mean, lo: iv.lo, hi: iv.hi });
        }
      }
      byMetric.set(metric, points);
    }
    charts.update(byMetric);
    headline();
  });
}

// ---- the headline table ---------------------------------------------------------

function headline(): void {
  if (!current) return;
  const lang = state.lang;
  const select = $<HTMLSelectElement>('headline-year');
  const [y0, y1] = current.years;
  if (select.options.length !== y1 - y0 + 1 || select.options[0]?.value !== String(y0)) {
    select.textContent = '';
    for (let y = y0; y <= y1; y++) select.add(new Option(String(y), String(y)));
    select.value = String(y1);
  }
  const year = Number(select.value);
  const paired = baseline !== undefined && baseline.state.seed === current.state.seed && baseline.state.replicates === current.state.replicates;
  const head = [t(lang, 'headline.metric'), t(lang, 'headline.this'), ...(baseline ? [t(lang, 'headline.baseline'), t(lang, 'headline.difference')] : []), t(lang, 'headline.words')];
  const table = document.createElement('table');
  table.className = 'headline';
  const thead = table.createTHead().insertRow();
  for (const h of head) thead.appendChild(document.createElement('th')).textContent = h;
  const body = table.createTBody();
  for (const metric of data.metrics) {
    const { factor, unit, diffUnit } = display(metric);
    const label = t(lang, `metric.${metric}`, metricEntry(metric)?.label ?? metric);
    const tr = body.insertRow();
    tr.setAttribute('data-metric', metric);
    const th = tr.appendChild(document.createElement('th'));
    th.textContent = label;
    th.title = `${metric}\n${metricEntry(metric)?.definition ?? ''}`;
    const cell = (text: string, kind: string) => {
      const td = tr.insertCell();
      td.textContent = text;
      td.className = kind;
      td.setAttribute('data-metric', metric);
      td.setAttribute('data-year', String(year));
      return td;
    };
    const mine = interval(current, year, metric);
    const theirs = baseline ? interval(baseline, year, metric) : undefined;
    const show = (iv: Interval | undefined) => (iv ? formatIv(iv, factor, unit) : '—');
    cell(show(mine), 'this');
    let words = mine ? sentence(lang, year, label, mine, factor, unitWord(unit), 'value') : '';
    if (baseline) {
      cell(show(theirs), 'baseline');
      const d = paired ? difference(metric, year) : undefined;
      const dc = cell(d ? formatIv(d, factor, diffUnit) : '—', 'difference');
      if (d) {
        dc.setAttribute('data-mean', String(d.mean));
        dc.setAttribute('data-lo', String(d.lo));
        dc.setAttribute('data-hi', String(d.hi));
        const kind = d.n < 2 ? 'value' : d.sd === 0 && d.mean === 0 ? 'equal' : d.lo > 0 ? 'higher' : d.hi < 0 ? 'lower' : 'same';
        words = kind === 'value' ? sentence(lang, year, label, d, factor, unitWord(diffUnit), 'value') : sentence(lang, year, label, d, factor, unitWord(diffUnit), kind);
      } else if (!paired) words = t(lang, 'words.unpaired');
    }
    cell(words, 'words');
  }
  const host = $('headline-table');
  host.textContent = '';
  host.appendChild(table);
}

/** This run minus the baseline, paired by replicate (the replicates both have for this year). */
function difference(metric: string, year: number): (Interval & { p: number | null }) | undefined {
  if (!current || !baseline) return undefined;
  const a = valuesOf(current, year, metric);
  const b = valuesOf(baseline, year, metric);
  const reps = [...a.keys()].filter((r) => b.has(r)).sort((x, y) => x - y);
  if (reps.length === 0) return undefined;
  const range = rangeOf(metric);
  return pairedDifference(reps.map((r) => a.get(r)!), reps.map((r) => b.get(r)!), range ? differenceRange(range) : undefined);
}

function formatIv(iv: Interval, factor: number, unit: string): string {
  if (iv.sd === 0 && iv.mean === 0) return unit === '%' ? '0%' : '0';
  const d = decimals(iv, factor);
  const u = unit === '%' ? '%' : '';
  if (iv.n < 2) return `${num(iv.mean * factor, d)}${u}`;
  return `${num(iv.mean * factor, d)}${u} [${num(iv.lo * factor, d)}, ${num(iv.hi * factor, d)}]`;
}

function sentence(lang: Lang, year: number, label: string, iv: Interval, factor: number, unit: string, kind: 'value' | 'higher' | 'lower' | 'same' | 'equal'): string {
  const d = decimals(iv, factor);
  const pct = unit === '%';
  const n = (x: number) => `${num(x * factor, d)}${pct ? '%' : ''}`;
  if (pct) unit = '';
  if (iv.n < 2 && kind === 'value') return `${fill(t(lang, 'words.value'), { year, label, value: n(iv.mean), unit, lo: n(iv.lo), hi: n(iv.hi) }).replace(/\s*[（(].*[)）]/, '')} (${t(lang, 'words.one')})`;
  if (kind === 'lower') return fill(t(lang, 'words.lower'), { year, label, d: n(-iv.mean), unit, lo: n(-iv.hi), hi: n(-iv.lo) });
  return fill(t(lang, `words.${kind}`), { year, label, value: n(iv.mean), d: n(iv.mean), unit, lo: n(iv.lo), hi: n(iv.hi) });
}

// ---- buttons, files, language -----------------------------------------------------

function download(name: string, text: string, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

$('run').addEventListener('click', start);
$('pin').addEventListener('click', () => {
  if (baseline) baseline = undefined;
  else if (current?.csv) {
    baseline = current;
    state = { ...state, seed: current.state.seed, replicates: current.state.replicates };
  }
  $('pin').textContent = t(state.lang, baseline ? 'button.unpin' : 'button.pin');
  runSettings();
  if (current) void charts.build(chartMetrics(), current.years, yearWord(), seriesWords()).then(redraw);
});
$('download-results').addEventListener('click', () => {
  if (current?.csv) download('trajectory.csv', current.csv, 'text/csv');
});
$('download-scenario').addEventListener('click', () => {
  ask({ type: 'yaml', scenarioText, file, whatIf: whatIf(state) }, (m) => {
    if (m.type === 'yaml') download(`${(current?.name || 'scenario').replace(/[^A-Za-z0-9._-]+/g, '_')}-workshop.yaml`, m.text, 'application/yaml');
    else if (m.type === 'error') fail(m.message, m.lines);
  });
});
$('headline-year').addEventListener('change', headline);

/** A dropped or chosen scenario file: checked as `validate` checks it; when it passes, it becomes the base. */
async function openFile(f: File): Promise<void> {
  const text = await f.text();
  ask({ type: 'validate', scenarioText: text, file: f.name }, (m) => {
    if (m.type === 'valid') {
      scenarioText = text;
      file = f.name;
      base = m.values;
      baseline = undefined;
      state = { ...state, overrides: {}, seed: Number(base['seed']), replicates: Math.min(Number(base['replicates']), 50) };
      saveState();
      buildControls();
      start();
    } else if (m.type === 'error') fail(m.message, m.lines);
  });
}
$<HTMLInputElement>('open-file').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void openFile(f);
});
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dropping');
});
document.addEventListener('dragleave', () => document.body.classList.remove('dropping'));
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dropping');
  const f = e.dataTransfer?.files[0];
  if (f) void openFile(f);
});

function applyLanguage(): void {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-Hans' : 'en';
  for (const node of document.querySelectorAll<HTMLElement>('[data-t]')) node.textContent = t(state.lang, node.dataset['t']!);
  $('pin').textContent = t(state.lang, baseline ? 'button.unpin' : 'button.pin');
  $<HTMLSelectElement>('lang').value = state.lang;
}
$<HTMLSelectElement>('lang').addEventListener('change', (e) => {
  state = { ...state, lang: (e.target as HTMLSelectElement).value === 'zh' ? 'zh' : 'en' };
  saveState();
  applyLanguage();
  setPageState(shownState, shownDetail);
  buildControls();
  if (current) void charts.build(chartMetrics(), current.years, yearWord(), seriesWords()).then(redraw);
});

// ---- start: the bundled scenario, resolved by the worker, then a first run -------------

applyLanguage();
setPageState('idle');
ask({ type: 'validate', scenarioText, file }, (m) => {
  if (m.type === 'valid') {
    base = m.values;
    buildControls();
    start();
  } else if (m.type === 'error') fail(m.message, m.lines);
});
