/**
 * workshop.html: one self-contained page. The worker script (the model
 * core), the page script, Vega, Vega-Lite and vega-embed are inlined, with
 * the scenario text and its JSON Schema; the content-security policy of
 * report.html (default-src 'none') plus `worker-src blob:` for the worker
 * made from the inlined script, so the page makes no request at all.
 */
import { escapeHtml as esc } from '../report/escape-html.ts';
import { inlineScript, jsonForScript, type Libraries } from '../report/html.ts';
import type { Scripts } from './bundle.ts';
import type { EmbeddedFont } from './font.ts';
import type { PageData } from './page/main.ts';

export const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src blob:; style-src 'unsafe-inline'; img-src data: blob:; font-src data:";

export function renderWorkshop(data: PageData, scripts: Scripts, libraries: Libraries, font: EmbeddedFont, program: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Poverty governance workshop</title>
<style>
${font.css}
${CSS}
</style>
</head>
<body data-state="idle">
<header>
<div class="top"><h1 data-t="title">Poverty governance workshop</h1>
<label class="lang">English / 简体中文 <select id="lang"><option value="en">English</option><option value="zh">简体中文</option></select></label></div>
<p class="lead" data-t="lead"></p>
<noscript><p class="warning">This page needs JavaScript: the model runs in the browser.</p></noscript>
</header>
<main>
<aside id="panel">
<div class="actions">
<button type="button" id="run" data-t="button.run">Run</button>
<button type="button" id="pin" disabled>Pin as baseline</button>
</div>
<p id="status" role="status" aria-live="polite"></p>
<progress id="progress" max="1" value="0"></progress>
<pre id="errors" class="errors" hidden></pre>
<fieldset class="group" data-group="run"><legend data-t="group.run">Run</legend><div id="run-settings"></div>
<p id="pinned-note" class="note" data-t="pinned.note" hidden></p></fieldset>
<div id="controls"></div>
<details id="advanced"><summary data-t="advanced.title">Advanced: every parameter</summary><div id="advanced-body"></div></details>
<div class="files">
<button type="button" id="download-scenario" data-t="button.scenario">Download scenario (YAML)</button>
<button type="button" id="download-results" data-t="button.results" disabled>Download results (CSV)</button>
<label class="open"><span data-t="button.open">Open a scenario file…</span> <input type="file" id="open-file" accept=".yaml,.yml,.json"></label>
<p class="note" data-t="drop.hint"></p>
</div>
</aside>
<section id="results">
<h2 data-t="headline.title">Headline results</h2>
<label><span data-t="headline.year">Year</span> <select id="headline-year"></select></label>
<div id="headline-table" class="table-wrap"></div>
<p class="note" data-t="intervals.note"></p>
<h2 data-t="charts.title">Trajectories</h2>
<div id="charts"></div>
</section>
</main>
<footer><p>${esc(program)}; charts drawn with Vega ${esc(libraries.versions.vega)}, Vega-Lite ${esc(libraries.versions.vegaLite)} and vega-embed ${esc(libraries.versions.vegaEmbed)}, inlined in this page. The model runs in this page, in a Web Worker; nothing is sent anywhere.</p>
<details><summary>Chinese text is set in Noto Sans SC (${font.subsets} subsets inlined), under the SIL Open Font License 1.1</summary><pre class="licence">${esc(font.licence)}</pre></details></footer>
<script type="application/json" id="workshop-data">${jsonForScript(data)}</script>
<script type="text/plain" id="workshop-worker">${scripts.worker.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '\\x3C!--')}</script>
${inlineScript(libraries.vega)}
${inlineScript(libraries.vegaLite)}
${inlineScript(libraries.vegaEmbed)}
${inlineScript(scripts.page)}
</body>
</html>
`;
}


const CSS = `:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, Arial, "Noto Sans SC Variable", sans-serif; color: #222; margin: 0 auto; max-width: 1400px; padding: 1rem 1.5rem 2rem; line-height: 1.4; font-size: 14px; }
body.dropping { outline: 4px dashed #1f5fa8; outline-offset: -8px; }
.top { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
h1 { font-weight: normal; font-size: 1.5rem; margin: 0 0 .3rem; }
h2 { font-weight: normal; font-size: 1.15rem; border-bottom: 1px solid #ddd; margin: 1rem 0 .5rem; }
.lead { max-width: 70rem; margin: .2rem 0 .8rem; }
main { display: grid; grid-template-columns: minmax(300px, 380px) 1fr; gap: 1.5rem; align-items: start; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
aside { position: sticky; top: .5rem; max-height: calc(100vh - 1rem); overflow-y: auto; padding-right: .4rem; }
fieldset.group { border: 1px solid #ddd; margin: 0 0 .7rem; padding: .3rem .6rem .5rem; }
legend { font-weight: bold; font-size: .9rem; }
.control { display: grid; grid-template-columns: 1fr 7rem 3rem; align-items: center; gap: .3rem; margin: .15rem 0; }
.control label { font-size: .85rem; }
.control input[type=checkbox] { justify-self: start; }
.control:has(input[type=checkbox]) { grid-template-columns: 1.5rem 1fr; }
.control output { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem; text-align: right; }
.control select { grid-column: 2 / 4; }
.note { color: #555; font-size: .8rem; margin: .2rem 0; }
.control .note { grid-column: 1 / 4; }
.shock { display: flex; flex-wrap: wrap; gap: .3rem .6rem; border-top: 1px dotted #ccc; padding: .3rem 0; font-size: .8rem; }
.shock input[type=number] { width: 4.5rem; }
#run-settings { display: flex; flex-wrap: wrap; gap: .3rem .8rem; font-size: .85rem; }
#run-settings input { width: 6rem; }
.actions { display: flex; gap: .5rem; margin-bottom: .3rem; }
button, select, input, option { font-family: inherit; }
button { font: inherit; padding: .25rem .7rem; cursor: pointer; }
#run { font-weight: bold; }
progress { width: 100%; }
.errors { color: #a40000; background: #fff0f0; padding: .5rem; white-space: pre-wrap; font-size: .8rem; }
.files { display: flex; flex-direction: column; gap: .3rem; align-items: start; margin-top: .6rem; }
details { margin: .5rem 0; }
table.advanced { font-size: .75rem; border-collapse: collapse; width: 100%; }
table.advanced th { font-weight: normal; text-align: left; vertical-align: top; padding: .1rem .3rem .1rem 0; }
table.advanced th code { display: block; color: #777; font-size: .7rem; word-break: break-all; }
table.advanced input[type=text], table.advanced input[type=number], table.advanced select { width: 8rem; }
#advanced-filter { width: 100%; margin: .3rem 0; }
table.headline { border-collapse: collapse; font-size: .85rem; width: 100%; }
table.headline th, table.headline td { border: 1px solid #ddd; padding: .25rem .4rem; text-align: left; vertical-align: top; }
table.headline thead th { background: #f3f3f3; font-weight: normal; }
table.headline td.this, table.headline td.baseline, table.headline td.difference { font-family: "DejaVu Sans Mono", monospace; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
#charts { display: flex; flex-wrap: wrap; gap: .8rem; }
.chart { min-height: 200px; min-width: 280px; }
footer { margin-top: 2rem; color: #666; font-size: .8rem; }
pre.licence { white-space: pre-wrap; font-size: .7rem; max-height: 20rem; overflow-y: auto; }`;
