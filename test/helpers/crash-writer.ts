// Child process for test/io/folder-set.test.ts: write a set of files into
// argv[2] as `run` does, and SIGKILL itself at step number argv[3] of the write
// (kill -9 at that point: no clean-up code runs).
import { claimOutputFolder } from '../../src/io/folder-set.ts';

const [dir, at, tag] = process.argv.slice(2) as [string, string, string];
let step = 0;
const folder = claimOutputFolder(dir, {
  command: 'run',
  owns: ['trajectory.csv', 'ledger.csv', 'summary.json', 'manifest.json'],
  step: () => {
    if (++step === Number(at)) process.kill(process.pid, 'SIGKILL');
  },
});
folder.write({ 'trajectory.csv': `t ${tag}\n`, 'ledger.csv': `l ${tag}\n`, 'summary.json': `s ${tag}\n`, 'manifest.json': `m ${tag}\n` });
folder.release();
