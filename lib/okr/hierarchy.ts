/**
 * The work hierarchy (README "Work hierarchy"): a ticket serves the key results its parent
 * (epic, parent issue) is linked to, and so on up the chain. Pure; shared by the store's
 * badge answers (lib/db/links.ts) and coverage (./coverage.ts), so both follow the same rule.
 *
 * Decisions:
 * - The chain, not one level: a sub-task serves its story's KRs and its epic's (epic → story →
 *   sub-task is how Jira, GitHub sub-issues and Linear sub-issues are used), up to
 *   MAX_ANCESTORS levels above the ticket (Jira Premium's initiative → epic → story → sub-task
 *   needs three; GitHub allows eight, which nobody plans with).
 * - Loops end the chain: a parent pointer that comes back to a ticket already on the chain
 *   (two pages read at different times can disagree) is ignored from there on.
 * - The nearest ancestor wins: a KR linked to both the story and the epic is "via" the story;
 *   a ticket's own link beats every via link of the same KR.
 */

/** How many levels above a ticket its parents' links reach. */
export const MAX_ANCESTORS = 4;

/**
 * The ancestors of `key`, nearest first: its parent, the parent's parent… at most `max` of
 * them, stopping at a ticket without a parent or at a loop.
 */
export function ancestorsOf(
  key: string,
  parentOf: (key: string) => string | undefined,
  max: number = MAX_ANCESTORS,
): string[] {
  const chain: string[] = [];
  const seen = new Set([key]);
  let at = parentOf(key);
  while (at !== undefined && chain.length < max && !seen.has(at)) {
    chain.push(at);
    seen.add(at);
    at = parentOf(at);
  }
  return chain;
}

/**
 * A ticket's links with its ancestors' added: `own` first, then for each ancestor (nearest
 * first) the links of KRs not served yet, marked with that ancestor. `linksOf` gives an
 * ancestor's own links; `mark` turns one of them into the ticket's via entry.
 */
export function withInherited<L extends { keyResultId: string }>(
  own: readonly L[],
  ancestors: readonly string[],
  linksOf: (key: string) => readonly L[] | undefined,
  mark: (link: L, via: string) => L,
): L[] {
  const out = [...own];
  const served = new Set(own.map((l) => l.keyResultId));
  for (const a of ancestors) {
    for (const l of linksOf(a) ?? []) {
      if (served.has(l.keyResultId)) continue;
      served.add(l.keyResultId);
      out.push(mark(l, a));
    }
  }
  return out;
}

/**
 * For each KR, the tickets that serve it through an ancestor and not by a link of their own:
 * KR id → ticket key → the nearest ancestor linked to it. The rule of `withInherited`, over
 * a whole set of tickets at once (coverage, the popup's counts). `parentOf` knows every
 * ticket of `keys` and their ancestors.
 */
export function servedVia(
  keys: Iterable<string>,
  links: readonly { ticket: string; keyResultId: string }[],
  parentOf: (key: string) => string | undefined,
): Map<string, Map<string, string>> {
  const linksOf = new Map<string, { keyResultId: string; via?: string }[]>();
  for (const l of links) {
    const list = linksOf.get(l.ticket) ?? [];
    list.push({ keyResultId: l.keyResultId });
    linksOf.set(l.ticket, list);
  }
  const byKr = new Map<string, Map<string, string>>();
  for (const key of new Set(keys)) {
    const ancestors = ancestorsOf(key, parentOf);
    if (ancestors.length === 0) continue;
    const all = withInherited(
      linksOf.get(key) ?? [],
      ancestors,
      (a) => linksOf.get(a),
      (l, via) => ({
        keyResultId: l.keyResultId,
        via,
      }),
    );
    for (const l of all) {
      if (l.via === undefined) continue;
      const m = byKr.get(l.keyResultId) ?? new Map<string, string>();
      m.set(key, l.via);
      byKr.set(l.keyResultId, m);
    }
  }
  return byKr;
}
