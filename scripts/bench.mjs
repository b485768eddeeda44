// Runs the TypeScript benchmarks from source (tsx), so `npm run bench` needs no separate build of them.
import { spawnSync } from 'node:child_process';

const { status } = spawnSync(process.execPath, ['--import', 'tsx', 'tests/bench/run.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);
