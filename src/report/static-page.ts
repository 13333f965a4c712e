/**
 * The shell of the report pages that need no script (decompose, calibration):
 * their charts are inline SVG already drawn, so the page loads nothing and
 * its content-security policy allows no script at all. One place for the
 * head, the policy and the base style; each page adds its own style rules.
 */

import { escapeHtml } from './escape-html.ts';

/** The base style: readable text, tables with numbers aligned, charts that fit the page. */
export const BASE_STYLE = `body{font-family:"DejaVu Sans",system-ui,sans-serif;font-size:15px;line-height:1.45;margin:0 auto;max-width:70rem;padding:1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:0 0 1.5rem}figure svg{max-width:100%;height:auto}code{font-size:13px}`;

/** A whole page: `title` (escaped here), extra style rules, and the body's HTML. */
export function staticPage(title: string, style: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${BASE_STYLE}
${style}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}
