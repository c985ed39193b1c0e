/**
 * Commit messages for the team file: each says what changed, so the repository's history is
 * the team's audit trail ("Check-in KR2.3: 135,200 users (at risk)"). Pure.
 */
import type { Change, Rec } from './merge';
import { changedFields } from './merge';
import { formatValue } from './progress';
import type { OkrSet } from './team-file';

const CONFIDENCE: Record<string, string> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  'off-track': 'off track',
};

function quote(s: unknown, max = 50): string {
  const t = typeof s === 'string' ? s : '';
  return `“${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
}

/** How a record is named in a message: a KR by its code, others by title or name. */
function nameOf(change: Change, set: OkrSet): string {
  const r: Rec | undefined = change.after ?? change.before;
  switch (change.collection) {
    case 'keyResults':
      return typeof r?.code === 'string' ? r.code : change.id;
    case 'objectives':
      return `objective ${quote(r?.title)}`;
    case 'cycles':
      return `cycle ${quote(r?.name)}`;
    case 'checkIns': {
      const kr = set.keyResults.find((k) => k.id === r?.keyResultId);
      return kr?.code ?? (typeof r?.keyResultId === 'string' ? r.keyResultId : '?');
    }
  }
}

function checkInLine(change: Change, set: OkrSet): string {
  const c = change.after!;
  const kr = set.keyResults.find((k) => k.id === c.keyResultId);
  const conf =
    typeof c.confidence === 'string'
      ? ` (${CONFIDENCE[c.confidence] ?? c.confidence})`
      : typeof c.confidence === 'number'
        ? ` (confidence ${c.confidence}/10)`
        : '';
  // As every surface writes figures (`135,200 users`, `37%`): read by the whole team.
  const value = typeof c.value === 'number' ? formatValue(c.value, kr?.unit) : '?';
  return `Check-in ${nameOf(change, set)}: ${value}${conf}`;
}

/** One line for one change. `set` (the file after the change) names KRs by code. */
export function describeChange(change: Change, set: OkrSet): string {
  const name = nameOf(change, set);
  if (change.collection === 'checkIns')
    return change.after ? checkInLine(change, set) : `Remove a check-in of ${name}`;
  if (!change.after) return `Delete ${name}`;
  if (!change.before) {
    const title = change.collection === 'keyResults' ? ` ${quote(change.after.title)}` : '';
    return `Add ${name}${title}`;
  }
  const fields = changedFields(change);
  if (fields.length === 1 && fields[0] === 'title')
    return `Rename ${name} to ${quote(change.after.title)}`;
  return `Edit ${name}: ${fields.join(', ')}`;
}

/**
 * The message of a commit carrying `changes`: the first line names the first change (and
 * how many more), the body lists each one.
 */
export function commitMessage(changes: readonly Change[], set: OkrSet): string {
  // A check-in is the news; the KR whose `current` it moved is not worth a line of its own.
  const lines = changes.map((c) => describeChange(c, set));
  if (lines.length === 0) return 'Update OKRs';
  const head = lines[0]!.length > 72 ? `${lines[0]!.slice(0, 71)}…` : lines[0]!;
  if (lines.length === 1) return head === lines[0] ? head : `${head}\n\n${lines[0]}`;
  return `${head} (+${lines.length - 1} more)\n\n${lines.map((l) => `- ${l}`).join('\n')}`;
}
