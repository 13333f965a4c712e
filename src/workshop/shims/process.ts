/** The `process` global in the workshop's worker: csv-series.ts asks for a cwd to resolve relative paths against. */
export const process = { cwd: (): string => '/' };
