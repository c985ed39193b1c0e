/** The bench's command line: options and their defaults (described at the top of bench.mjs). */
import { readFileSync } from 'node:fs';

export const SECTIONS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];

/** An error for the person running the bench: printed as one line. */
export function fail(message) {
  throw Object.assign(new Error(message), { userFacing: true });
}

/** Integer options: flag → [option name, smallest value]. */
const INTEGERS = {
  '--pairs': ['pairs', 1],
  '--trace-pairs': ['tracePairs', 0],
  '--popup-pairs': ['popupPairs', 1],
  '--rows': ['rows', 20],
  '--small-rows': ['smallRows', 0],
  '--inserts': ['inserts', 1],
  '--issue-pairs': ['issuePairs', 1],
  '--import-rounds': ['importRounds', 1],
  '--tab-writes': ['tabWrites', 2],
};

const defaults = () => ({
  pairs: 5,
  tracePairs: 3,
  popupPairs: 12,
  rows: 1000,
  smallRows: 200,
  inserts: 20,
  issuePairs: 7,
  importRounds: 3,
  tabWrites: 10,
  densities: [5, 30, 100],
  only: new Set(SECTIONS),
  out: 'tmp/bench.json',
  build: undefined,
  popupPath: undefined,
});

/** The comment at the top of bench.mjs (after the #! line), without its `//`. */
function usage() {
  const lines = readFileSync(new URL('../bench.mjs', import.meta.url), 'utf8').split('\n');
  const end = lines.findIndex((l, i) => i > 0 && !l.startsWith('//'));
  return lines
    .slice(1, end)
    .join('\n')
    .replace(/^\/\/ ?/gm, '');
}

/** One flag (and its value, `--flag=v` or `--flag v`) into `o`; returns the next index. */
function take(o, argv, i) {
  const [flag, inline] = argv[i].split(/=(.*)/s);
  let next = i + 1;
  const val = () => inline ?? argv[next++];
  if (flag in INTEGERS) {
    const [name, min] = INTEGERS[flag];
    const n = Number(val());
    if (!Number.isInteger(n) || n < min) fail(`${flag} expects an integer ≥ ${min}`);
    o[name] = n;
  } else if (flag === '--only')
    o.only = new Set(
      val()
        .split(',')
        .map((s) => s.trim()),
    );
  else if (flag === '--densities') {
    o.densities = val()
      .split(',')
      .map((x) => Number(x.trim()));
    if (o.densities.some((d) => ![5, 30, 100].includes(d)))
      fail('--densities takes some of 5,30,100');
  } else if (flag === '--out') o.out = val();
  else if (flag === '--popup-path') o.popupPath = val();
  else if (flag === '--build' || flag === '--no-build') o.build = flag === '--build';
  else if (flag === '-h' || flag === '--help') {
    console.log(usage());
    process.exit(0);
  } else fail(`unknown option ${argv[i]} (see --help)`);
  return next;
}

export function parseArgs(argv) {
  const o = defaults();
  for (let i = 0; i < argv.length;) i = take(o, argv, i);
  return o;
}
