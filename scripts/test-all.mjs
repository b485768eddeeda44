// `npm test`: build, typecheck, lint, unit + integration (Vitest), end-to-end (Playwright in Debian's
// Chromium against browser mode, plus the Electron smoke test where a binary exists).
// Runs every stage even after a failure so one run shows everything, then prints the closing line
// `N passed, N failed, N skipped` that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
mkdirSync('test-results', { recursive: true });

function run(label, command, args) {
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  console.log(`=== ${label}: ${status === 0 ? 'ok' : `failed (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) results.passed += 1;
  else {
    results.failed += 1;
    failures.push(label);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

check('build', process.execPath, ['scripts/build.mjs', '--quiet']);
check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint', 'npm', ['run', '--silent', 'lint']);

rmSync('test-results/vitest.json', { force: true });
const vitestOk = run('unit and integration', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest.json']);
const vitest = readJson('test-results/vitest.json');
if (vitest) {
  results.passed += vitest.numPassedTests;
  results.failed += vitest.numFailedTests;
  results.skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (vitest.numFailedTests > 0) failures.push(`${vitest.numFailedTests} unit/integration test(s)`);
}
if (!vitestOk && (!vitest || vitest.numFailedTests === 0)) {
  results.failed += 1;
  failures.push('vitest run (crashed or a suite failed to load)');
}

rmSync('test-results/playwright.json', { force: true });
const e2eOk = run('end to end', npx, ['playwright', 'test']);
const e2e = readJson('test-results/playwright.json');
if (e2e) {
  results.passed += e2e.stats.expected + e2e.stats.flaky;
  results.failed += e2e.stats.unexpected;
  results.skipped += e2e.stats.skipped;
  if (e2e.stats.unexpected > 0) failures.push(`${e2e.stats.unexpected} end-to-end test(s)`);
  const walk = (suite) => [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(walk)];
  for (const spec of e2e.suites.flatMap(walk)) {
    for (const t of spec.tests) {
      for (const note of t.annotations ?? []) if (note.type === 'skip') console.log(`skipped: ${spec.title} — ${note.description}`);
    }
  }
}
if (!e2eOk && (!e2e || e2e.stats.unexpected === 0)) {
  results.failed += 1;
  failures.push('playwright run (crashed or failed to start)');
}

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
if (existsSync('test-results/screenshots')) console.log('Screenshots for a person to look at: test-results/screenshots/');
console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed > 0 ? 1 : 0);
