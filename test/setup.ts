// Property-based tests run with a fixed seed so CI is reproducible; set
// FC_SEED=<n> to explore other cases (fast-check prints the seed of a failure).
import fc from 'fast-check';

const seed = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : 20261122;
fc.configureGlobal({ seed });
