// Reading a Markdown table out of a document (the ODD's lever and arrangement tables).

/** The cells of each row of the table whose header line is `header` (header and separator excluded); [] if absent. */
export function markdownTableRows(text: string, header: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === header);
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    const l = line.trim();
    if (!l.startsWith('|')) break;
    rows.push(l.slice(1, l.endsWith('|') ? -1 : undefined).split('|').map((c) => c.trim()));
  }
  return rows;
}
