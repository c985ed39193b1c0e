#!/usr/bin/env node
// Regenerate test/fixtures/db/v<current>.json: the raw IndexedDB records a store written by the
// current schema version's code holds. The code is TypeScript run through Vitest (Node cannot
// import it directly), so this only runs the fixture test with UPDATE_DB_FIXTURE=1.
// Never run it to "refresh" an older version's fixture: see test/unit/robust-upgrade.test.ts.
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['vitest', 'run', 'test/unit/robust-upgrade.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, UPDATE_DB_FIXTURE: '1' },
});
process.exit(r.status ?? 1);
