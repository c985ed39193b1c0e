// @vitest-environment happy-dom
/**
 * Jira Work Management (business projects, issue #14 part 3): `/jira/core/projects/<KEY>/…`
 * routes, board cards and list rows (row anchors, scope = the project), and the views that
 * stay without badges (calendar, timeline, summary).
 */
import { scopeOf } from '../../lib/okr/ticket-key';
import { jiraAdapter, jiraSelectors } from '../../lib/trackers/jira';
import type { PageKind } from '../../lib/trackers/types';
import type { AdapterSuite } from './helpers/adapters';
import { describeFixture, htmlDoc as html, keys } from './helpers/adapters';

const jira: AdapterSuite = { adapter: jiraAdapter, tracker: 'jira' };
const CLOUD = 'https://acme.atlassian.net';
const u = (path: string) => new URL(path, CLOUD);
const keyOf = (k: string) => `jira:acme.atlassian.net/${k}`;

describe('page(): business project URLs', () => {
  const cases: [string, PageKind, string | undefined][] = [
    ['/jira/core/projects/MKT/board', 'board', undefined],
    ['/jira/core/projects/MKT/board/', 'board', undefined],
    ['/jira/core/projects/MKT/board?filter=&groupBy=status', 'board', undefined],
    ['/jira/core/projects/MKT/board?selectedIssue=MKT-12', 'board', 'MKT-12'],
    ['/jira/core/projects/mkt/board?selectedIssue=mkt-12', 'board', 'MKT-12'],
    ['/jira/core/projects/MKT/list', 'list', undefined],
    ['/jira/core/projects/MKT/list?groupBy=status&selectedIssue=MKT-9', 'list', 'MKT-9'],
    // Not badged (README): only an issue opened over them gets its ticket badge.
    ['/jira/core/projects/MKT/calendar', 'other', undefined],
    ['/jira/core/projects/MKT/calendar?selectedIssue=MKT-16', 'other', 'MKT-16'],
    ['/jira/core/projects/MKT/timeline', 'other', undefined],
    ['/jira/core/projects/MKT/summary', 'other', undefined],
    ['/jira/core/projects/MKT/form/3', 'other', undefined],
    // The business project's issues page is a search, as before.
    ['/jira/core/projects/MKT/issues', 'search', undefined],
    ['/jira/core/projects/MKT/issues/MKT-12', 'search', 'MKT-12'],
  ];
  it.each(cases)('%s → %s %s', (path, kind, key) => {
    const info = jiraAdapter.page(u(path), html(''));
    expect(info.kind).toBe(kind);
    expect(info.ticket?.key).toBe(key && keyOf(key));
  });
});

describe('fixtures', () => {
  describeFixture(
    jira,
    {
      file: 'business-board.html',
      about: 'a business board grouped by status',
      url: u('/jira/core/projects/MKT/board?filter=&groupBy=status'),
      page: { kind: 'board' },
    },
    ({ url, doc, anchors }) => {
      it('one row anchor per card (8), under its summary, on a line of its own', () => {
        expect(anchors).toHaveLength(8);
        for (const a of anchors) {
          expect(a.mode).toBe('row');
          expect(a.position).toBe('after');
          expect(a.block).toBe(true);
          expect(a.element.closest(jiraSelectors.wmCard)).not.toBeNull();
          expect(a.element.textContent).toBe(a.ticket.title);
        }
        expect(keys(anchors)).toEqual(
          ['MKT-9', 'MKT-15', 'MKT-16', 'MKT-12', 'MKT-14', 'MKT-7', 'MKT-3', 'MKT-5'].map(keyOf),
        );
      });

      it('key from the card’s key text; title its first text (not the due date or avatar)', () => {
        const a = anchors.find((x) => x.ticket.key === keyOf('MKT-12'))!;
        expect(a.ticket).toEqual({
          key: keyOf('MKT-12'),
          url: `${CLOUD}/browse/MKT-12`,
          title: 'Spring campaign brief',
        });
        expect(anchors.find((x) => x.ticket.key === keyOf('MKT-15'))!.ticket.title).toBe(
          'Pick the hero image',
        );
      });

      it('scope = the project: every card asks for MKT-', () => {
        expect(new Set(anchors.map((a) => scopeOf(a.ticket.key)))).toEqual(
          new Set(['jira:acme.atlassian.net/MKT-']),
        );
      });

      it('noise: the note’s keys, recent items, "More actions for KEY" are no anchors', () => {
        for (const k of ['MKT-1', 'GRW-100']) expect(keys(anchors)).not.toContain(keyOf(k));
        expect(doc.querySelectorAll('[aria-label^="More actions for"]')).toHaveLength(8);
      });

      it('a card changed alone (a subtree pass) yields its anchor', () => {
        const card = doc.querySelectorAll(jiraSelectors.wmCard)[3]!;
        expect(keys(jiraAdapter.anchors(url, card))).toEqual([keyOf('MKT-12')]);
        const inner = card.querySelector('span')!;
        expect(keys(jiraAdapter.anchors(url, inner))).toEqual([keyOf('MKT-12')]);
      });
    },
  );

  describeFixture(
    jira,
    {
      file: 'business-list.html',
      about: 'a business list grouped by status',
      url: u('/jira/core/projects/MKT/list?groupBy=status'),
      page: { kind: 'list' },
    },
    ({ url, doc, anchors }) => {
      it('one row anchor per work item (8), after its summary; none for headers or groups', () => {
        expect(anchors).toHaveLength(8);
        expect(doc.querySelectorAll('[role="row"]')).toHaveLength(9); // + the header row
        for (const a of anchors) {
          expect(a.mode).toBe('row');
          expect(a.element.matches(jiraSelectors.blSummary)).toBe(true);
          expect(a.element.closest('[role="row"]')).not.toBeNull();
        }
      });

      it('key, URL, title and state from the key, summary and status cells', () => {
        expect(anchors.map((a) => [a.ticket.key, a.ticket.state])).toEqual([
          [keyOf('MKT-12'), 'in-progress'],
          [keyOf('MKT-14'), 'in-progress'],
          [keyOf('MKT-7'), 'in-progress'], // In Review
          [keyOf('MKT-9'), 'open'],
          [keyOf('MKT-15'), 'open'],
          [keyOf('MKT-16'), 'open'],
          [keyOf('MKT-3'), 'done'],
          [keyOf('MKT-5'), 'done'],
        ]);
        expect(anchors[0]!.ticket).toEqual({
          key: keyOf('MKT-12'),
          url: `${CLOUD}/browse/MKT-12`,
          title: 'Spring campaign brief',
          state: 'in-progress',
        });
      });

      it('a cell changed alone (a subtree pass) yields its row', () => {
        const status = doc.querySelectorAll(jiraSelectors.blStatus)[3]!;
        expect(keys(jiraAdapter.anchors(url, status))).toEqual([keyOf('MKT-9')]);
      });
    },
  );
});

describe('hand-made DOM', () => {
  const board = u('/jira/core/projects/MKT/board');

  it('a card linking to its issue: the key from the link (/browse or ?selectedIssue)', () => {
    const doc = html(
      `<div data-testid="work-management-board.ui.board.column.card.container"><a href="/jira/core/projects/MKT/board?selectedIssue=MKT-40"><span>Brief</span></a></div>
       <div data-testid="work-management-board.ui.board.column.card.container"><a href="/browse/MKT-41">Press kit</a><span>MKT-41</span></div>`,
    );
    const anchors = jiraAdapter.anchors(board, doc);
    expect(anchors.map((a) => [a.ticket.key, a.ticket.title])).toEqual([
      [keyOf('MKT-40'), 'Brief'],
      [keyOf('MKT-41'), 'Press kit'],
    ]);
    // The summary is inside the link: the badge goes after the link, never inside it.
    expect(anchors[0]!.element.tagName).toBe('A');
    expect(anchors[0]!.position).toBe('after');
  });

  it('a card without any key: no anchor', () => {
    const doc = html(
      `<div data-testid="work-management-board.ui.board.column.card.container"><span>Draft idea</span></div>`,
    );
    expect(jiraAdapter.anchors(board, doc)).toEqual([]);
  });

  it('a list row whose summary cell is a link: the badge goes after the link', () => {
    const doc = html(
      `<div role="row"><a data-testid="business-list.ui.list-view.key-cell.issue-key" href="/browse/MKT-3">MKT-3</a>
       <a href="/browse/MKT-3"><span data-testid="business-list.ui.list-view.summary-cell">Rebrand</span></a></div>`,
    );
    const [a] = jiraAdapter.anchors(u('/jira/core/projects/MKT/list'), doc);
    expect(a!.element.tagName).toBe('A');
    expect(a!.position).toBe('after');
  });
});
