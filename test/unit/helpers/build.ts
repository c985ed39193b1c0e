/**
 * The built extension, for tests that check what ships (manifests, bundles, the JSON Schema).
 * `npm test` builds Chrome and Firefox before the unit tests; run alone, these tests fail
 * (never skip) until `npm run build && npm run build:firefox` has run. OKR_LENS_OUTPUT checks
 * another output folder (e.g. a deliberately broken copy).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export type Target = 'chrome-mv3' | 'firefox-mv2';

export interface Build {
  dir: string;
  manifest: Record<string, unknown>;
}

/** The build of `target`; throws with what to run when it is missing. */
export function loadBuild(target: Target): Build {
  const dir = join(process.env.OKR_LENS_OUTPUT ?? join(ROOT, '.output'), target);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath))
    throw new Error(
      `No build at ${relative(ROOT, dir)}: run \`npm run build && npm run build:firefox\` first (npm test builds before the unit tests).`,
    );
  const configTime = statSync(join(ROOT, 'wxt.config.ts')).mtimeMs;
  if (statSync(manifestPath).mtimeMs < configTime)
    throw new Error(
      `${relative(ROOT, manifestPath)} is older than wxt.config.ts: rebuild before checking it.`,
    );
  return {
    dir,
    manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>,
  };
}

/** A file of the build, as text. */
export function builtFile(target: Target, path: string): string {
  return readFileSync(join(loadBuild(target).dir, path), 'utf8');
}
