/**
 * `report <results-dir> [--out DIR]`: charts and a self-contained page from
 * the files a run, compare or sweep wrote. For each chart `<name>.vl.json`
 * (Vega-Lite), `<name>.svg` (Vega's headless renderer) and `<name>.png`
 * (resvg, with the shipped font), then `report.html`; all written together
 * and atomically (a failure writes nothing). The same results give the same
 * bytes.
 */
import { buildCharts, type Observed } from './charts.ts';
import { readLibraries, renderHtml } from './html.ts';
import { renderSvg, svgToPng } from './render.ts';
import { readResults, type ResultsKind } from './results.ts';
import { writeFilesAtomically } from '../io/write.ts';

export interface ReportOutput {
  kind: ResultsKind;
  /** File name → contents, in write order (per chart: .vl.json, .svg, .png; then report.html). */
  files: Record<string, string | Uint8Array>;
  /** Vega-Lite / Vega warnings while rendering, as `<chart>: <message>`; none is expected. */
  warnings: string[];
}

export interface ReportOptions {
  /** Observed values of one metric, overlaid on the model's in a `fit` chart. */
  target?: Observed;
}

/** Read a results folder and build every report file in memory (nothing is written). */
export async function buildReport(resultsDir: string, opts: ReportOptions = {}): Promise<ReportOutput> {
  const results = readResults(resultsDir);
  const charts = buildCharts(results, opts.target);
  const files: Record<string, string | Uint8Array> = {};
  const warnings: string[] = [];
  for (const chart of charts) {
    const { svg, warnings: w } = await renderSvg(chart.spec);
    for (const message of w) warnings.push(`${chart.name}: ${message}`);
    files[`${chart.name}.vl.json`] = JSON.stringify(chart.spec, null, 2) + '\n';
    files[`${chart.name}.svg`] = svg.endsWith('\n') ? svg : svg + '\n';
    files[`${chart.name}.png`] = svgToPng(svg);
  }
  files['report.html'] = renderHtml({ results, charts, libraries: readLibraries() });
  return { kind: results.kind, files, warnings };
}

export interface WrittenReport {
  /** Kind of results the report was made from. */
  kind: ResultsKind;
  /** Names of the files written into `outDir` (report.html last). */
  files: string[];
  warnings: string[];
}

/**
 * Write the report for the results in `resultsDir` into `outDir` (created if
 * needed; may be `resultsDir` itself). Input problems (no results folder,
 * malformed files) are input errors (exit 2); a failed write is a run error.
 */
export async function writeReport(resultsDir: string, outDir: string, opts: ReportOptions = {}): Promise<WrittenReport> {
  const out = await buildReport(resultsDir, opts);
  writeFilesAtomically(outDir, out.files);
  return { kind: out.kind, files: Object.keys(out.files), warnings: out.warnings };
}
