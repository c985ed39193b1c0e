/**
 * (f) Coverage computation: a Vitest benchmark over the pure function (TypeScript,
 * test/bench/coverage.bench.ts), a big store against an empty one in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../test/bench/harness.mjs';
import { round } from './stats.mjs';

const BUDGET_MS = 50;

/** The benchmark's figures, or undefined when it failed. */
export function run({ log }) {
  const json = path.join(root, 'tmp', 'coverage-bench.json');
  const r = spawnSync(
    'npx',
    ['vitest', 'bench', '--run', 'test/bench/coverage.bench.ts', '--outputJson', json],
    { cwd: root, stdio: 'ignore' },
  );
  if (r.status !== 0 || !existsSync(json)) {
    log('coverage: the Vitest benchmark failed');
    return undefined;
  }
  const benches = JSON.parse(readFileSync(json, 'utf8')).files[0].groups[0].benchmarks;
  const empty = benches.find((b) => b.name.startsWith('empty'));
  const big = benches.find((b) => b.name.startsWith('big'));
  return {
    emptyMeanMs: round(empty.mean, 3),
    bigMeanMs: round(big.mean, 1),
    bigMedianMs: round(big.median ?? big.p50 ?? big.mean, 1),
    bigMinMs: round(big.min, 1),
    ratio: round(big.mean / empty.mean, 0),
  };
}

export function report(r) {
  const c = r.coverage;
  if (!c) return [];
  return [
    '\n(f) Coverage computation (Vitest bench)',
    `    empty ${c.emptyMeanMs} ms, big ${c.bigMeanMs} ms mean (min ${c.bigMinMs}) — budget ≤ ${BUDGET_MS} ms: ${c.bigMeanMs <= BUDGET_MS ? 'ok' : 'OVER'}`,
  ];
}
