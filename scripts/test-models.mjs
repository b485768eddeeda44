// `npm run test-models -- --out DIR`: writes the generated ONNX test models (every SAM2 export family,
// exact I/O names, dtypes and symbolic dims) to DIR. Runs the TypeScript generator from source (tsx).
import { spawnSync } from 'node:child_process';

const { status } = spawnSync(process.execPath, ['--import', 'tsx', 'tests/fixtures/onnx/generate.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);
