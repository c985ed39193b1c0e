/** Jira ticket state from a status name, a status lozenge's category, or a row's markings. */
import type { TicketState } from '../../okr/model';
import { text } from '../dom';
import { jiraSelectors as S, testIdOf } from './selectors';

/** Status names → state (case-insensitive). Unknown names fall back to the status category. */
const STATUS_NAMES: Record<string, TicketState> = {
  'to do': 'open',
  todo: 'open',
  open: 'open',
  backlog: 'open',
  new: 'open',
  reopened: 'open',
  'selected for development': 'open',
  'in progress': 'in-progress',
  'in review': 'in-progress',
  'in development': 'in-progress',
  'code review': 'in-progress',
  review: 'in-progress',
  'in testing': 'in-progress',
  'in qa': 'in-progress',
  done: 'done',
  closed: 'done',
  resolved: 'done',
  "won't do": 'closed',
  'won’t do': 'closed',
  rejected: 'closed',
  cancelled: 'closed',
  canceled: 'closed',
};

/** Jira status categories: 2 = To Do (new), 4 = In Progress (indeterminate), 3 = Done. */
const STATUS_CATEGORIES: Record<string, TicketState> = {
  '2': 'open',
  '4': 'in-progress',
  '3': 'done',
};

/** A status name as shown ("In Progress", aria-label "In Progress - Change status") → state. */
export function jiraState(name: string | null | undefined): TicketState | undefined {
  if (!name) return undefined;
  const n = name
    .replace(/\s+-\s+change status$/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return STATUS_NAMES[n];
}

/** State from a status button or lozenge: its aria-label, its text, then its category id. */
export function stateOfStatusElement(el: Element): TicketState | undefined {
  const byName = jiraState(el.getAttribute('aria-label')) ?? jiraState(text(el));
  if (byName) return byName;
  const m = /status-lozenge\.(\d+)$/.exec(testIdOf(el) ?? '');
  return m ? STATUS_CATEGORIES[m[1]!] : undefined;
}

/** State of a row or card: its status lozenge, else "KEY is resolved" on the key link. */
export function rowState(row: Element, keyLink: Element | null): TicketState | undefined {
  for (const el of row.querySelectorAll(S.statusLozenge)) {
    if (!/status-lozenge\.\d+$/.test(testIdOf(el) ?? '')) continue; // skip `--text`, `--chevron`
    const s = stateOfStatusElement(el);
    if (s) return s;
  }
  const label = keyLink?.getAttribute('aria-label') ?? '';
  if (/\bis resolved$/i.test(label)) return 'done';
  if (row.classList.contains('ghx-done')) return 'done';
  // Server/DC issue navigator: the status cell; an issue link: its snapshot's status.
  return (
    serverState(row.querySelector(S.serverSearchStatus)) ??
    serverState(row.querySelector(S.serverLinkStatus))
  );
}

/** A Server/DC status field or cell: its lozenge first (a "View Workflow" link may follow). */
export function serverState(el: Element | null): TicketState | undefined {
  if (!el) return undefined;
  return jiraState(text(el.querySelector(S.serverStatusLozenge))) ?? jiraState(text(el));
}
