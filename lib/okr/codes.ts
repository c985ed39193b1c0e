/**
 * KR codes (`KR1.2`): suggesting the next free one, and finding which codes a tracker label
 * refers to (Settings `labelPatterns`, e.g. `okr:{code}`). Codes compare case-insensitively.
 * Pure: no imports.
 */

/** A code as compared: trimmed, upper case. */
export const normCode = (code: string): string => code.trim().toUpperCase();
const norm = normCode;

/** `KR<objectiveNumber>.<n>` with the smallest n ≥ 1 not in `existingCodes`. */
export function suggestKrCode(objectiveNumber: number, existingCodes: readonly string[]): string {
  const taken = new Set(existingCodes.map(norm));
  for (let n = 1; ; n++) {
    const code = `KR${objectiveNumber}.${n}`;
    if (!taken.has(norm(code))) return code;
  }
}

export function isCodeTaken(code: string, existingCodes: readonly string[]): boolean {
  const wanted = norm(code);
  return existingCodes.some((c) => norm(c) === wanted);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The regular expression a label must match for `pattern` to tag `code`: the whole label
 * (trimmed), case-insensitively, with every `{code}` replaced by the code and every other
 * character literal. Undefined for a pattern without `{code}` (it could not name a KR).
 */
export function labelPatternRegExp(pattern: string, code: string): RegExp | undefined {
  const parts = pattern.trim().split('{code}');
  if (parts.length < 2) return undefined;
  return new RegExp(`^${parts.map(escapeRegExp).join(escapeRegExp(code))}$`, 'i');
}

/**
 * A function from a ticket's labels to the KR codes (spelled as in `codes`, unique, in the
 * order of `codes`) that some label names through some pattern: `okr:{code}` matches the label
 * ` OKR:kr1.2 ` for code `KR1.2`, and `{code}` matches a bare `KR1.2` label. The expressions
 * are built once: a list page asks for a thousand tickets with the same patterns and codes.
 */
export function labelMatcher(
  patterns: readonly string[],
  codes: readonly string[],
): (labels: readonly string[]) => string[] {
  // The first spelling of each code (case-insensitively) is the one returned.
  const byNorm = new Map<string, string>();
  for (const code of codes) if (!byNorm.has(norm(code))) byNorm.set(norm(code), code);
  const order = [...byNorm.keys()];
  if (order.length === 0) return () => [];
  // One expression per pattern with every code as an alternative (a label is tested once per
  // pattern, not once per pattern and code); later `{code}`s must repeat the first one.
  const alternatives = [...byNorm.values()]
    .map((c) => escapeRegExp(c.trim()))
    .sort((a, b) => b.length - a.length)
    .join('|');
  const res = patterns
    .map((p) => p.trim().split('{code}'))
    .filter((parts) => parts.length >= 2)
    .map((parts) => {
      const [first, ...rest] = parts.map(escapeRegExp);
      return new RegExp(`^${first}(${alternatives})${rest.join('\\1')}$`, 'i');
    });
  if (res.length === 0) return () => [];
  return (labels) => {
    const found = new Set<string>();
    for (const label of labels) {
      const l = label.trim();
      if (l === '') continue;
      for (const re of res) {
        const m = re.exec(l);
        if (m) found.add(norm(m[1]!));
      }
    }
    return found.size === 0 ? [] : order.filter((n) => found.has(n)).map((n) => byNorm.get(n)!);
  };
}

/** `labelMatcher(patterns, codes)(labels)`, for one ticket. */
export function labelCodes(
  labels: readonly string[],
  patterns: readonly string[],
  codes: readonly string[],
): string[] {
  return labelMatcher(patterns, codes)(labels);
}

/**
 * Natural order for codes and ticket keys ("KR1.10" after "KR1.9", "#12" after "#9"). One
 * shared collator: `localeCompare` with options builds a new one per call, which made sorting
 * 20,000 links take a tenth of a second. Made on first use: a collator loads ICU's data
 * (35–75 ms of every tracker page's load when it was made at import, in each content script).
 */
let natural: Intl.Collator | undefined;
export const naturalCompare = (a: string, b: string): number =>
  (natural ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' })).compare(a, b);
