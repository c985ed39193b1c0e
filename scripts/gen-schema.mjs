#!/usr/bin/env node
// `npm run schema`: regenerate public/okr-lens.schema.json (shipped at /okr-lens.schema.json)
// from the zod schema. Node cannot import the TypeScript sources, so the generation runs
// inside Vitest: test/unit/interchange-schema.test.ts writes the file when UPDATE_SCHEMA=1,
// and without it checks that the committed file is up to date.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const r = spawnSync(process.execPath, [vitest, 'run', 'test/unit/interchange-schema.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, UPDATE_SCHEMA: '1' },
});
if (r.error) console.error(r.error.message);
process.exit(r.status ?? 1);
