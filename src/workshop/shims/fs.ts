/** node:fs in the workshop's worker: there are no files in the browser; a scenario arrives as text. */
const none = (): never => {
  throw new Error('no file system in the browser: open the scenario file on the page, with any CSV series as {year: value} tables');
};
export const openSync = none;
export const readSync = none;
export const fstatSync = none;
export const closeSync = none;
