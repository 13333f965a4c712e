/** node:path in the workshop's worker: only CSV series references use it, and those cannot be read in the browser. */
export const dirname = (p: string): string => p.replace(/\/[^/]*$/, '') || '/';
export const resolve = (...parts: string[]): string => parts.reduce((a, b) => (b.startsWith('/') ? b : `${a}/${b}`), '/');
