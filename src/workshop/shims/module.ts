/**
 * node:module in the workshop's worker: expressions.ts loads mathjs' browser
 * build with createRequire (fast start under Node); here the bundler links
 * the same build.
 */
import math from 'mathjs/lib/browser/math.js';

export function createRequire(_from: string): (id: string) => unknown {
  return (id) => {
    if (id === 'mathjs/lib/browser/math.js') return math;
    throw new Error(`cannot load ${id} in the browser`);
  };
}
