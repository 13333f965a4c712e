/// <reference lib="dom" />
/**
 * The page's charts: one small Vega-Lite chart per workshop metric, mean
 * across replicates with its 95% band, this run and the pinned baseline.
 * Data go in through a named dataset, so a chart fills in year by year
 * without being rebuilt.
 */
import { display } from './numbers.ts';

interface VegaView {
  change(name: string, changes: unknown): VegaView;
  runAsync(): Promise<unknown>;
}
declare const vegaEmbed: (el: HTMLElement, spec: object, opts: object) => Promise<{ view: VegaView }>;
declare const vega: { changeset(): { remove(f: () => boolean): { insert(v: object[]): unknown } } };

export interface Point {
  year: number;
  series: string;
  mean: number;
  lo: number;
  hi: number;
}

export class Charts {
  private views = new Map<string, VegaView>();
  private slots = new Map<string, { el: HTMLElement; spec: (values: object[]) => object }>();
  private pending = new Map<string, Point[]>();
  private drawing: Promise<void> = Promise.resolve();
  private builtFor = '';

  constructor(private readonly host: HTMLElement) {}

  /** (Re)build the charts for these metrics and years unless they are built already; queued behind any drawing. */
  build(metrics: readonly { name: string; title: string; unit: string }[], years: [number, number], yearTitle: string, series: string[]): Promise<void> {
    const key = JSON.stringify([metrics, years, yearTitle, series]);
    if (key === this.builtFor) return this.drawing;
    this.builtFor = key;
    this.drawing = this.drawing.then(() => this.make(metrics, years, yearTitle, series));
    return this.drawing;
  }

  private async make(metrics: readonly { name: string; title: string; unit: string }[], years: [number, number], yearTitle: string, series: string[]): Promise<void> {
    this.host.textContent = '';
    this.views.clear();
    this.slots.clear();
    for (const m of metrics) {
      const el = document.createElement('div');
      el.className = 'chart';
      el.setAttribute('data-chart', m.name);
      el.setAttribute('aria-label', m.title);
      this.host.appendChild(el);
      this.slots.set(m.name, { el, spec: (values) => spec(m.title, m.unit, years, yearTitle, series, values) });
    }
  }

  /** New points for every chart; drawn in order, after any build. */
  update(byMetric: Map<string, Point[]>): void {
    for (const [k, v] of byMetric) this.pending.set(k, v);
    this.drawing = this.drawing.then(() => this.flush());
  }

  /** Resolves when everything handed to update is drawn. */
  drawn(): Promise<void> {
    return this.drawing;
  }

  /** A chart is embedded with its first points (an empty chart would warn of an empty extent), then changed in place. */
  private async flush(): Promise<void> {
    const work = [...this.pending];
    this.pending.clear();
    await Promise.all(
      work.map(async ([name, points]) => {
        const scale = display(name).factor;
        const values = points.map((p) => ({ ...p, mean: p.mean * scale, lo: p.lo * scale, hi: p.hi * scale }));
        const view = this.views.get(name);
        if (view) return void (await view.change('points', vega.changeset().remove(() => true).insert(values)).runAsync());
        const slot = this.slots.get(name);
        if (!slot || values.length === 0) return;
        const made = await vegaEmbed(slot.el, slot.spec(values), { mode: 'vega-lite', renderer: 'svg', actions: false });
        this.views.set(name, made.view);
      }),
    );
  }
}

/** `series`: this run's label, then the baseline's when one is pinned (blue, then grey). */
function spec(title: string, unit: string, years: [number, number], yearTitle: string, series: string[], values: object[]): object {
  return {
    width: 250,
    height: 140,
    title: { text: title, fontSize: 12, anchor: 'start', limit: 290 },
    data: { name: 'points', values },
    encoding: {
      x: { field: 'year', type: 'quantitative', title: yearTitle, scale: { domain: years, nice: false }, axis: { format: 'd', tickMinStep: 1 } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: ['#1f5fa8', '#888888'].slice(0, series.length) }, legend: { orient: 'top', direction: 'horizontal', title: null } },
    },
    layer: [
      { mark: { type: 'area', opacity: 0.18 }, encoding: { y: { field: 'lo', type: 'quantitative', title: unit }, y2: { field: 'hi' } } },
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative', title: unit }, strokeDash: { field: 'series', type: 'nominal', title: null } } },
    ],
    config: { font: 'DejaVu Sans, Verdana, Arial, Noto Sans SC Variable, sans-serif', axis: { labelFontSize: 10, titleFontSize: 10 }, legend: { labelFontSize: 10 } },
  };
}
