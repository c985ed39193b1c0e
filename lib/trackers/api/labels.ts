/**
 * KR labels as trackers store them (README "Team links"): the label OKR Lens writes for a KR
 * (the FIRST label pattern, `okr:{code}` by default), the label names a team sync searches for
 * (every pattern × every code of the current cycle), and what a written label looks like
 * (colour, description). Pure: no browser APIs, no zod.
 */
import { labelMatcher } from '../../okr/codes';

/** Used when no pattern holds `{code}` (Settings refuses none, but a stored one may lack it). */
export const FALLBACK_PATTERN = 'okr:{code}';

const patternsWithCode = (patterns: readonly string[]): string[] =>
  patterns.map((p) => p.trim()).filter((p) => p.includes('{code}'));

/** The label written for `code`: the first label pattern that names a code. */
export function writtenLabel(patterns: readonly string[], code: string): string {
  const pattern = patternsWithCode(patterns)[0] ?? FALLBACK_PATTERN;
  return pattern.split('{code}').join(code.trim());
}

/** Every label name that links a ticket to one of `codes` (each pattern, each code; unique). */
export function searchLabels(patterns: readonly string[], codes: readonly string[]): string[] {
  const names = new Map<string, string>();
  const usable = patternsWithCode(patterns);
  for (const pattern of usable.length ? usable : [FALLBACK_PATTERN])
    for (const code of codes) {
      const name = pattern.split('{code}').join(code.trim());
      if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
    }
  return [...names.values()];
}

/** A function from a ticket's labels to the codes they name (any pattern, any case). */
export const codesOfLabels = labelMatcher;

/**
 * A colour for a KR's label (GitHub asks for one): one of a few calm hues, the same for a
 * code everywhere, so a team's KR labels are told apart at a glance.
 */
const PALETTE = ['0e8a16', '1d76db', '5319e7', 'b60205', 'd93f0b', 'fbca04', '006b75', 'c5def5'];
export function labelColor(code: string): string {
  let h = 0;
  for (const ch of code.toUpperCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/** The label's description (GitHub: at most 100 characters): which KR it serves. */
export function labelDescription(code: string, title: string): string {
  const text = `OKR Lens: serves ${code} · ${title}`.replace(/\s+/g, ' ').trim();
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}

/** Why a tracker cannot hold `label` (Jira labels have no spaces), or undefined when it can. */
export function jiraLabelProblem(label: string): string | undefined {
  if (/\s/.test(label))
    return `Jira labels cannot contain spaces: "${label}" (change the first label pattern in Settings).`;
  if (label.length > 255) return 'Jira labels are at most 255 characters.';
  return undefined;
}
