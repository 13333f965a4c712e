export function writeSensitivityReport(out: string): string {
  return out;
}
