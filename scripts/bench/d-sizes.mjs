/** (d) The gzipped size of each built content script (no browser needed). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUDGET, kb, table, verdict } from './stats.mjs';

/** Sizes of the content scripts in build directory `ext`. */
export function run(ext) {
  const dir = path.join(ext, 'content-scripts');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => {
      const buf = readFileSync(path.join(dir, f));
      const gz = gzipSync(buf, { level: 9 }).length;
      return {
        file: f,
        bytes: buf.length,
        gzipBytes: gz,
        withinBudget: gz <= BUDGET.contentScriptGzip,
      };
    });
}

export function report(r) {
  if (!r.contentScripts) return [];
  return [
    '\n(d) Content scripts (gzip -9)',
    table([
      ['file', 'raw', 'gzip', `budget ≤ ${kb(BUDGET.contentScriptGzip)}`],
      ...r.contentScripts.map((c) => [
        c.file,
        kb(c.bytes),
        kb(c.gzipBytes),
        verdict(c.withinBudget),
      ]),
    ]),
  ];
}
