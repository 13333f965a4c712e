// Bootstrap of a sweep worker thread. The model is TypeScript run through
// tsx, and a worker thread does not inherit the parent's loader, so tsx is
// registered here before worker.ts is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
