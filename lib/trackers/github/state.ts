/** GitHub ticket state from what the page says: header state, list row icons, card icons. */
import type { TicketState } from '../../okr/model';
import { norm } from '../dom';
import { githubSelectors as S } from './selectors';

/**
 * "Open", "Closed", "Merged", "Draft", "Closed as not planned", "Status: Open.",
 * "Status: Closed (completed).", "Status: Not planned (skipped).", "Merged pull request".
 */
export function parseGithubState(text: string | null | undefined): TicketState | undefined {
  const t = norm(text)
    .toLowerCase()
    .replace(/^status:\s*/, '');
  if (!t) return undefined;
  if (/\bmerged\b/.test(t)) return 'merged';
  if (/\b(closed|not planned|completed|skipped|duplicate)\b/.test(t)) return 'closed';
  if (/\b(open|opened|draft|reopened)\b/.test(t)) return 'open';
  return undefined;
}

export function stateOfElement(el: Element | null | undefined): TicketState | undefined {
  if (!el) return undefined;
  return (
    parseGithubState(el.querySelector('.sr-only')?.textContent) ??
    parseGithubState(el.textContent) ??
    parseGithubState(el.getAttribute('aria-label')) ??
    parseGithubState(el.getAttribute('title')) ??
    parseGithubState(el.querySelector('[aria-label]')?.getAttribute('aria-label'))
  );
}

/** Icons labelled like "Open issue", "Merged pull request", "Draft Pull Request". */
const ICON_LABEL =
  /^(?:status:\s*)?(open|opened|closed|merged|draft|not planned)\b.*\b(?:issue|pull request)\b/i;

/** The state its icons say; `own` keeps only some (a tree row's, not its nested rows'). */
export function stateOfIcons(
  container: Element,
  own: (el: Element) => boolean = () => true,
): TicketState | undefined {
  for (const el of container.querySelectorAll('[aria-label]')) {
    if (!own(el)) continue;
    const label = el.getAttribute('aria-label') ?? '';
    if (ICON_LABEL.test(label)) return parseGithubState(label);
  }
  return undefined;
}

export function rowState(row: Element): TicketState | undefined {
  return stateOfElement(row.querySelector(S.listStateIcon)) ?? stateOfIcons(row);
}
