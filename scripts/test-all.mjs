#!/usr/bin/env node
// `npm test`: lint, typecheck, build, unit tests, end-to-end tests — every step runs even
// when an earlier one fails, so one run shows everything; the exit code is non-zero if any
// step failed. The last line sums unit and end-to-end tests: "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

mkdirSync('tmp', { recursive: true });
const env = { ...process.env, TMPDIR: `${process.cwd()}/tmp` };
const steps = [
  ['lint', 'npx', ['eslint', '.']],
  [
    'cycles',
    'npx',
    ['depcruise', 'lib', 'components', 'entrypoints', '--config', '.dependency-cruiser.cjs'],
  ],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  // Builds before the unit tests: some check what ships (manifests, bundles, the JSON Schema).
  ['build', 'npx', ['wxt', 'build']],
  ['build:firefox', 'npx', ['wxt', 'build', '-b', 'firefox']],
  [
    'unit',
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=tmp/unit-results.json',
    ],
  ],
  ['e2e', 'npx', ['playwright', 'test']],
];
const only = process.argv.slice(2);
rmSync('tmp/unit-results.json', { force: true });
rmSync('tmp/e2e-results.json', { force: true });

const failedSteps = [];
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  const t0 = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) failedSteps.push(name);
  console.log(`${r.status === 0 ? '✔' : '✘'} ${name} (${secs} s)`);
}

let passed = 0;
let failed = 0;
if (existsSync('tmp/unit-results.json')) {
  const u = JSON.parse(readFileSync('tmp/unit-results.json', 'utf8'));
  passed += u.numPassedTests;
  failed += u.numFailedTests;
} else if (!only.length || only.includes('unit')) failed += 1;
if (existsSync('tmp/e2e-results.json')) {
  const e = JSON.parse(readFileSync('tmp/e2e-results.json', 'utf8'));
  passed += e.stats.expected + e.stats.flaky;
  failed += e.stats.unexpected;
} else if (!only.length || only.includes('e2e')) failed += 1;

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
const summary = `${passed} passed, ${failed} failed`;
writeFileSync('tmp/summary.txt', summary + '\n');
console.log(summary);
process.exit(failedSteps.length || failed ? 1 : 0);
