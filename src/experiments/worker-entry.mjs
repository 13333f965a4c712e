// Bootstrap of a sweep worker thread. The model is TypeScript run through
// tsx, and a worker thread does not inherit the parent's loader, so tsx is
// registered here before worker.ts is loaded.
//
// mathjs (used by scenario expressions) is imported first, before tsx's
// loader hooks exist: through the hooks its ~1000 modules load about twice as
// slowly, and every worker pays for it. worker.ts then finds it in the cache.
import 'mathjs';
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
