#!/usr/bin/env node
// Thin launcher: the CLI is bundled to dist/ by `npm run build` (run by `npm ci` through "prepare").
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('maskcue: MaskCue is not built yet. Run `npm run build` in its folder (npm ci does it too).');
  process.exit(2);
}
await import(cli);
