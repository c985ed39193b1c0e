// @vitest-environment happy-dom
/**
 * Jira adapter (lib/trackers/jira/): URL → page kind → ticket key tables, then every fixture
 * in test/fixtures/jira/ (saved-style pages of Jira Cloud and Data Center) parsed in happy-dom:
 * anchor counts, modes, keys, titles, states, labels, and noise that must not match.
 */
import { ticketKeyRe } from '../../lib/okr/model';
import {
  jiraAdapter,
  jiraRoute,
  jiraSelectors,
  jiraState,
  parseJiraTitle,
  testId,
} from '../../lib/trackers/jira';
import type { Anchor, PageKind } from '../../lib/trackers/types';
import type { AdapterSuite } from './helpers/adapters';
import {
  describeFixture,
  fixtureDoc,
  htmlDoc as html,
  itParsesStates,
  keys,
  oneAnchor,
} from './helpers/adapters';

const jira: AdapterSuite = { adapter: jiraAdapter, tracker: 'jira' };
const fixture = (name: string): Document => fixtureDoc('jira', name);

const CLOUD = 'https://acme.atlassian.net';
/** The Data Center host of the dc-*.html fixtures (a host the user adds at runtime). */
const DC = 'https://jira.example.org';
const dcKeyOf = (k: string) => `jira:jira.example.org/${k}`;
const u = (path: string, origin = CLOUD) => new URL(path, origin);
const keyOf = (k: string) => `jira:acme.atlassian.net/${k}`;
const rows = (as: Anchor[]) => as.filter((a) => a.mode === 'row');
const tickets = (as: Anchor[]) => as.filter((a) => a.mode === 'ticket');
const byKey = (as: Anchor[], k: string, full: (k: string) => string = keyOf) =>
  oneAnchor(as, full(k));

describe('matchesHost', () => {
  it.each([
    ['acme.atlassian.net', true],
    ['ACME.Atlassian.NET', true],
    ['acme.atlassian.net.', true],
    ['eu-team.atlassian.net:443', true],
    ['atlassian.net', false],
    ['acme.atlassian.com', false],
    ['atlassian.net.evil.example', false],
    ['evilatlassian.net', false],
    ['jira.corp.example', false], // Data Center: added at runtime, page()/anchors() still work
  ])('%s → %s', (host, expected) => {
    expect(jiraAdapter.matchesHost(host)).toBe(expected);
  });
});

describe('page(): URL → kind → ticket', () => {
  const cases: [string, PageKind, string | undefined][] = [
    // issue pages
    ['/browse/GRW-142', 'issue', 'GRW-142'],
    ['/browse/GRW-142/', 'issue', 'GRW-142'],
    ['/browse/grw-142', 'issue', 'GRW-142'],
    ['/browse/AB2-7', 'issue', 'AB2-7'],
    ['/jira/browse/AB2-7', 'issue', 'AB2-7'],
    ['/browse/PLAT_OPS-12', 'issue', 'PLAT_OPS-12'],
    ['/browse/GRW-142?focusedCommentId=10231', 'issue', 'GRW-142'],
    ['/browse/GRW-142#comment-10231', 'issue', 'GRW-142'],
    ['/browse/GRW', 'other', undefined], // a project, not an issue
    ['/browse/A-1', 'other', undefined], // project keys have 2+ characters
    ['/browse/GRW-142/extra', 'other', undefined],
    // the issue navigator's detail view (jira-helper: /browse?jql → SEARCH)
    ['/browse/GRW-142?jql=project%20%3D%20GRW', 'search', 'GRW-142'],
    // boards, team-managed and company-managed (/c/)
    ['/jira/software/projects/AB2/boards/3', 'board', undefined],
    ['/jira/software/projects/AB2/boards/3/', 'board', undefined],
    ['/jira/software/projects/AB2/boards/3?selectedIssue=AB2-7', 'board', 'AB2-7'],
    ['/jira/software/c/projects/GRW/boards/12', 'board', undefined],
    ['/jira/software/c/projects/GRW/boards/12?selectedIssue=GRW-131', 'board', 'GRW-131'],
    ['/jira/software/c/projects/GRW/boards/12?selectedIssue=grw-131', 'board', 'GRW-131'],
    [
      '/jira/software/c/projects/GRW/boards/12?view=detail&selectedIssue=GRW-131',
      'board',
      'GRW-131',
    ],
    [
      '/jira/software/c/projects/GRW/boards/12?modal=detail&selectedIssue=GRW-131',
      'board',
      'GRW-131',
    ],
    ['/jira/software/c/projects/GRW/boards/12?selectedIssue=', 'board', undefined],
    ['/jira/software/c/projects/GRW/boards/12?selectedIssue=not%20a%20key', 'board', undefined],
    ['/jira/software/c/projects/GRW/boards/12?selectedIssue=AB2-7', 'board', 'AB2-7'], // other project
    // backlogs; a live Cloud backlog showed the panel open with selectedIssue and no view/modal
    ['/jira/software/c/projects/GRW/boards/12/backlog', 'backlog', undefined],
    ['/jira/software/c/projects/GRW/boards/12/backlog/', 'backlog', undefined],
    ['/jira/software/projects/AB2/boards/3/backlog', 'backlog', undefined],
    [
      '/jira/software/c/projects/RDC/boards/2122/backlog?assignee=608145091dcf90006872999f&selectedIssue=RDC-3889',
      'backlog',
      'RDC-3889',
    ],
    // board settings, reports, timeline: no badges expected
    ['/jira/software/c/projects/GRW/boards/12?config=columns', 'other', undefined],
    [
      '/jira/software/c/projects/GRW/boards/12?config=filter&selectedIssue=GRW-1',
      'other',
      undefined,
    ],
    ['/jira/software/c/projects/GRW/boards/41/reports/control-chart?days=0', 'other', undefined],
    ['/jira/software/c/projects/GRW/boards/12/timeline', 'other', undefined],
    // search
    ['/issues/?jql=labels%20%3D%20KR1.2', 'search', undefined],
    ['/issues', 'search', undefined],
    ['/issues/?filter=-4&selectedIssue=GRW-1', 'search', 'GRW-1'],
    ['/jira/software/c/projects/GRW/issues', 'search', undefined],
    ['/jira/software/c/projects/GRW/issues/?jql=project%20%3D%20GRW', 'search', undefined],
    ['/jira/software/projects/AB2/issues/AB2-7?jql=project%20%3D%20AB2', 'search', 'AB2-7'],
    ['/jira/core/projects/OPS/issues', 'search', undefined],
    // elsewhere
    ['/jira/your-work', 'other', undefined],
    ['/jira/dashboards/10001', 'other', undefined],
    ['/', 'other', undefined],
  ];
  it.each(cases)('%s → %s %s', (path, kind, key) => {
    const info = jiraAdapter.page(u(path), html(''));
    expect(info.kind).toBe(kind);
    expect(info.ticket?.key).toBe(key && keyOf(key));
    if (info.ticket) expect(info.ticket.key).toMatch(ticketKeyRe);
  });

  it('lowercases the host and keeps a port in the key', () => {
    expect(
      jiraAdapter.page(u('/browse/GRW-1', 'https://ACME.Atlassian.net'), html('')).ticket,
    ).toEqual({ key: keyOf('GRW-1'), url: 'https://acme.atlassian.net/browse/GRW-1' });
    const dc = jiraAdapter.page(
      u('/jira/browse/ops-7', 'https://Jira.Corp.example:8443'),
      html(''),
    );
    expect(dc).toEqual({
      kind: 'issue',
      ticket: {
        key: 'jira:jira.corp.example:8443/OPS-7',
        url: 'https://jira.corp.example:8443/jira/browse/ops-7',
      },
    });
  });

  describe('Server / Data Center (any host)', () => {
    const dc = 'https://jira.corp.example';
    it.each([
      ['/browse/OPS-7', 'issue', 'OPS-7'],
      ['/jira/browse/OPS-7', 'issue', 'OPS-7'], // context path /jira
      ['/secure/RapidBoard.jspa?rapidView=12', 'board', undefined],
      ['/jira/secure/RapidBoard.jspa?rapidView=12', 'board', undefined],
      ['/secure/RapidBoard.jspa?rapidView=12&view=planning', 'backlog', undefined],
      ['/secure/RapidBoard.jspa?rapidView=12&view=planning.nodetail', 'backlog', undefined],
      // selectedIssue on RapidBoard needs view=detail|planning or modal (jira-helper's rule)
      [
        '/secure/RapidBoard.jspa?rapidView=12&view=planning&selectedIssue=OPS-3',
        'backlog',
        'OPS-3',
      ],
      [
        '/secure/RapidBoard.jspa?rapidView=12&view=planning.nodetail&selectedIssue=OPS-3',
        'backlog',
        undefined,
      ],
      ['/secure/RapidBoard.jspa?rapidView=12&view=detail&selectedIssue=OPS-3', 'board', 'OPS-3'],
      ['/secure/RapidBoard.jspa?rapidView=12&modal=detail&selectedIssue=OPS-3', 'board', 'OPS-3'],
      ['/secure/RapidBoard.jspa?rapidView=12&selectedIssue=OPS-3', 'board', undefined],
      ['/secure/RapidBoard.jspa?rapidView=12&config=columns', 'other', undefined],
      ['/secure/RapidBoard.jspa?rapidView=12&view=reporting', 'other', undefined],
      ['/secure/RapidView.jspa?rapidView=12', 'other', undefined],
      ['/issues/?jql=project%20%3D%20OPS', 'search', undefined],
      ['/secure/IssueNavigator.jspa', 'search', undefined],
    ] as [string, PageKind, string | undefined][])('%s → %s %s', (path, kind, key) => {
      const info = jiraAdapter.page(u(path, dc), html(''));
      expect(info.kind).toBe(kind);
      expect(info.ticket?.key).toBe(key && `jira:jira.corp.example/${key}`);
    });

    it('builds ticket URLs under the context path', () => {
      const info = jiraAdapter.page(
        u('/jira/secure/RapidBoard.jspa?rapidView=1&view=detail&selectedIssue=ops-3', dc),
        html(''),
      );
      expect(info.ticket?.url).toBe('https://jira.corp.example/jira/browse/OPS-3');
    });
  });

  describe('document.title', () => {
    it('fills the title when its key is the URL key', () => {
      const info = jiraAdapter.page(u('/browse/GRW-142'), html('', '[GRW-142] Ship it - Jira'));
      expect(info.ticket).toEqual({
        key: keyOf('GRW-142'),
        url: `${CLOUD}/browse/GRW-142`,
        title: 'Ship it',
      });
    });
    it('ignores a title about another issue (stale after SPA navigation)', () => {
      const info = jiraAdapter.page(u('/browse/GRW-142'), html('', '[GRW-1] Old - Jira'));
      expect(info.ticket?.title).toBeUndefined();
    });
    it('fills the selected issue title on a board when the keys match', () => {
      const info = jiraAdapter.page(
        u('/jira/software/c/projects/GRW/boards/12?selectedIssue=GRW-131'),
        html('', '[GRW-131] Referral banner - Jira'),
      );
      expect(info.ticket?.title).toBe('Referral banner');
    });
    it('is the fallback on pages whose URL names no issue (e.g. a service desk queue)', () => {
      const info = jiraAdapter.page(
        u('/jira/servicedesk/projects/SD/queues/custom/1/SD-5'),
        html('', '[SD-5] Printer on fire - Jira'),
      );
      expect(info).toEqual({
        kind: 'other',
        ticket: { key: keyOf('SD-5'), url: `${CLOUD}/browse/SD-5`, title: 'Printer on fire' },
      });
    });
    it('never invents a ticket on a board, backlog or search from the title', () => {
      const stale = html('', '[GRW-142] Ship it - Jira');
      for (const path of [
        '/jira/software/c/projects/GRW/boards/12',
        '/jira/software/c/projects/GRW/boards/12/backlog',
        '/issues/?jql=x',
      ]) {
        expect(jiraAdapter.page(u(path), stale).ticket).toBeUndefined();
      }
    });
    it.each([
      ['[GRW-142] Ship it - Jira', { key: 'GRW-142', summary: 'Ship it' }],
      [
        '[AB2-7] Billing - plan in session - Jira',
        { key: 'AB2-7', summary: 'Billing - plan in session' },
      ],
      ['[OPS-7] Rotate keys - ACME JIRA', { key: 'OPS-7', summary: 'Rotate keys' }],
      ['[OPS-7] Rotate keys', { key: 'OPS-7', summary: 'Rotate keys' }],
      ['[grw-1]  Lower  - Jira Software', { key: 'grw-1', summary: 'Lower' }],
      ['GRW board - Growth - Jira', undefined],
      ['', undefined],
    ])('parseJiraTitle(%j)', (title, expected) => {
      expect(parseJiraTitle(title)).toEqual(expected);
    });
  });

  it('jiraRoute is URL-only', () => {
    expect(jiraRoute(u('/jira/software/c/projects/GRW/boards/12?selectedIssue=GRW-1'))).toEqual({
      kind: 'board',
      selected: true,
    });
  });
});

describe('fixtures', () => {
  describeFixture(
    jira,
    {
      file: 'issue-view.html',
      about: 'an issue page',
      url: u('/browse/GRW-142'),
      page: {
        kind: 'issue',
        ticket: {
          key: keyOf('GRW-142'),
          url: `${CLOUD}/browse/GRW-142`,
          title: 'Ship the onboarding checklist v2 to all new workspaces',
        },
      },
    },
    ({ url, doc, anchors }) => {
      it('one ticket anchor after the summary heading, with state, labels and parent', () => {
        // Issue #14: the child and linked work items are rows now (tracker-jira-hierarchy).
        expect(tickets(anchors)).toHaveLength(1);
        const a = anchors[0]!;
        expect(a.mode).toBe('ticket');
        expect(a.position).toBe('after');
        expect(a.block).toBe(true); // a line of its own under the heading
        expect(a.element.matches(jiraSelectors.summary)).toBe(true);
        expect(a.ticket).toEqual({
          key: keyOf('GRW-142'),
          url: `${CLOUD}/browse/GRW-142`,
          title: 'Ship the onboarding checklist v2 to all new workspaces',
          state: 'in-progress',
          labels: ['KR1.2', 'okr:KR2.1'],
          parent: keyOf('GRW-100'), // the breadcrumb's parent epic
        });
      });

      it('noise is on the page but not matched: linked issues, child table, description, sidebar', () => {
        const text = doc.body.textContent ?? '';
        for (const k of [
          'AB2-7',
          'AB2-3',
          'WEB-2201',
          'GRW-101',
          'GRW-118',
          'GRW-143',
          'PLAT-88',
        ]) {
          expect(text).toContain(k);
        }
        expect(
          doc.querySelector(
            'a[data-testid="issue.issue-view.views.common.issue-line-card.issue-line-card-view.key"][href="/browse/AB2-7"]',
          ),
        ).not.toBeNull();
        expect(doc.querySelectorAll(jiraSelectors.searchRow)).toHaveLength(3); // child work items
        // Components are tags too, but not labels.
        expect(anchors[0]!.ticket.labels).not.toContain('Onboarding');
      });

      it('theme from html[data-color-mode]', () => {
        expect(jiraAdapter.theme?.(doc)).toBe('light');
      });

      it('a subtree root finds the view it belongs to', () => {
        const h1 = doc.querySelector(jiraSelectors.summary)!;
        expect(keys(jiraAdapter.anchors(url, h1))).toEqual([keyOf('GRW-142')]);
        // A text-level mutation inside the heading: closest() finds the heading.
        const inner = doc.createElement('span');
        h1.append(inner);
        expect(jiraAdapter.anchors(url, inner)[0]?.element).toBe(h1);
        inner.remove();
        // A subtree with no view or row: nothing.
        const desc = doc.querySelector('[data-testid="issue.views.field.rich-text.description"]')!;
        expect(jiraAdapter.anchors(url, desc)).toEqual([]);
      });
    },
  );

  describeFixture(
    jira,
    {
      file: 'board-team.html',
      about: 'a team-managed board',
      url: u('/jira/software/projects/AB2/boards/3'),
      page: { kind: 'board' },
    },
    ({ url, doc, anchors }) => {
      it('13 row anchors over 3 columns, each after its card key link', () => {
        expect(anchors).toHaveLength(13);
        expect(tickets(anchors)).toHaveLength(0);
        const columns = new Map<string, string[]>();
        for (const a of anchors) {
          expect(a.mode).toBe('row');
          expect(a.position).toBe('after');
          // Under the card's summary: the key's footer has no room (estimate, priority, avatar).
          expect(a.element.matches(jiraSelectors.cardSummary)).toBe(true);
          expect(a.block).toBe(true);
          const card = a.element.closest(jiraSelectors.card)!;
          expect(card.id).toBe(`card-${a.ticket.key.split('/')[1]}`);
          const col = card.closest('[data-column-id]')!.getAttribute('data-column-id')!;
          columns.set(col, [...(columns.get(col) ?? []), a.ticket.key.split('/')[1]!]);
        }
        expect(Object.fromEntries(columns)).toEqual({
          '10001': ['AB2-11', 'AB2-14', 'AB2-15', 'AB2-18', 'AB2-21'],
          '10002': ['AB2-7', 'AB2-9', 'AB2-16', 'AB2-19'],
          '10003': ['AB2-3', 'AB2-4', 'AB2-6', 'AB2-8'],
        });
      });

      it('titles from the summary box; done from "KEY is resolved"; others unknown', () => {
        expect(byKey(anchors, 'AB2-7').ticket).toEqual({
          key: keyOf('AB2-7'),
          url: `${CLOUD}/browse/AB2-7`,
          title: 'Billing: expose workspace plan in the session payload',
        });
        expect(byKey(anchors, 'AB2-6').ticket.state).toBe('done');
        const states = anchors.map((a) => a.ticket.state);
        expect(states.filter((s) => s === 'done')).toHaveLength(4);
        expect(states.filter((s) => s === undefined)).toHaveLength(9);
      });

      it('sidebar "recent" links and the sprint goal text are not rows', () => {
        expect(keys(anchors)).not.toContain(keyOf('GRW-142'));
        expect(keys(anchors)).not.toContain(keyOf('AB2-2'));
      });

      it('a changed card (or a node inside it) yields just that card', () => {
        const card = doc.getElementById('card-AB2-9')!;
        expect(keys(jiraAdapter.anchors(url, card))).toEqual([keyOf('AB2-9')]);
        const summary = card.querySelector(jiraSelectors.cardSummary)!;
        expect(keys(jiraAdapter.anchors(url, summary))).toEqual([keyOf('AB2-9')]);
      });

      it('a card re-rendered by React gives the new element', () => {
        const doc2 = fixture('board-team.html');
        const old = doc2.getElementById('card-AB2-9')!;
        const fresh = old.cloneNode(true) as Element;
        old.replaceWith(fresh);
        const a = byKey(jiraAdapter.anchors(url, doc2), 'AB2-9');
        expect(fresh.contains(a.element)).toBe(true);
      });
    },
  );

  describeFixture(
    jira,
    {
      file: 'board-company-selected.html',
      about: 'a company-managed board, GRW-131 open in the side panel',
      url: u('/jira/software/c/projects/GRW/boards/12?selectedIssue=GRW-131'),
      page: {
        kind: 'board',
        ticket: { key: keyOf('GRW-131'), url: `${CLOUD}/browse/GRW-131` },
      },
    },
    ({ doc, anchors }) => {
      it('one ticket anchor in the compact layout panel, plus 8 card rows and 1 linked row', () => {
        expect(tickets(anchors)).toHaveLength(1);
        expect(rows(anchors)).toHaveLength(9);
        expect(rows(anchors).filter((a) => a.element.closest(jiraSelectors.card))).toHaveLength(8);
        const t = tickets(anchors)[0]!;
        expect(t.element.closest(jiraSelectors.compactLayout)).not.toBeNull();
        expect(t.element.matches(jiraSelectors.summary)).toBe(true);
        expect(t.position).toBe('after');
        expect(t.ticket).toEqual({
          key: keyOf('GRW-131'),
          url: `${CLOUD}/browse/GRW-131`,
          title: 'Referral banner on the billing page',
          state: 'open',
          labels: ['KR3.1', 'growth-q4'],
          parent: keyOf('GRW-125'),
        });
      });

      it("the panel's linked issue is a row (issue #14), and so is its board card", () => {
        const r = rows(anchors).filter((a) => a.ticket.key === keyOf('GRW-137'));
        expect(r).toHaveLength(2);
        expect(r[0]!.element.closest(jiraSelectors.card)).not.toBeNull();
        expect(r[0]!.element.closest(jiraSelectors.compactLayout)).toBeNull();
        expect(r[1]!.element.closest(jiraSelectors.linkedLists)).not.toBeNull();
        expect(r[1]!.ticket).not.toHaveProperty('parent'); // linked, not a child
        // The selected card is on the board too: a row anchor besides the ticket anchor.
        expect(rows(anchors).some((a) => a.ticket.key === keyOf('GRW-131'))).toBe(true);
        // Parent epic in the panel breadcrumb: not anchored (it is the panel ticket's parent).
        expect(keys(anchors)).not.toContain(keyOf('GRW-125'));
      });

      it('the panel DOM is enough even when the URL has no selectedIssue', () => {
        const bare = u('/jira/software/c/projects/GRW/boards/12');
        expect(keys(tickets(jiraAdapter.anchors(bare, doc)))).toEqual([keyOf('GRW-131')]);
      });
    },
  );

  describeFixture(
    jira,
    {
      file: 'backlog.html',
      about: 'a backlog',
      url: u('/jira/software/c/projects/GRW/boards/12/backlog'),
      page: { kind: 'backlog' },
    },
    ({ doc, anchors }) => {
      it('32 rows, both attribute forms, anchored after the visible key link', () => {
        expect(anchors).toHaveLength(32);
        const oldForm = doc.querySelectorAll(
          '[data-test-id^="software-backlog.card-list.card.content-container."]',
        );
        expect(oldForm.length).toBeGreaterThanOrEqual(10);
        const anchored = new Set(anchors.map((a) => a.element.closest(jiraSelectors.backlogRow)));
        for (const row of oldForm) {
          if (row.querySelector('a')) expect(anchored.has(row)).toBe(true);
        }
        for (const a of anchors) {
          expect(a.mode).toBe('row');
          expect(a.position).toBe('after');
          expect(a.element.matches(jiraSelectors.backlogKeyLink)).toBe(true);
          expect(a.element.matches(jiraSelectors.backlogSrKeyLink)).toBe(false);
        }
        // Some key links carry only the old attribute.
        expect(anchors.some((a) => a.element.hasAttribute('data-test-id'))).toBe(true);
      });

      it('titles and states (name, category id, none)', () => {
        expect(byKey(anchors, 'GRW-142').ticket).toEqual({
          key: keyOf('GRW-142'),
          url: `${CLOUD}/browse/GRW-142`,
          title: 'Ship the onboarding checklist v2 to all new workspaces',
          state: 'in-progress',
        });
        expect(byKey(anchors, 'GRW-144').ticket.state).toBe('in-progress'); // In Review
        expect(byKey(anchors, 'GRW-136').ticket.state).toBe('in-progress'); // "In Design", category 4
        expect(byKey(anchors, 'GRW-143').ticket.state).toBe('done');
        expect(byKey(anchors, 'GRW-161').ticket.state).toBe('closed'); // Won't Do
        expect(byKey(anchors, 'GRW-146').ticket.state).toBe('open'); // Backlog
        expect(byKey(anchors, 'GRW-138').ticket.state).toBeUndefined(); // no lozenge
        expect(byKey(anchors, 'AB2-22').ticket.title).toBe(
          'Plan picker: highlight the recommended plan',
        );
      });

      it('epic panel, sprint header and the drop placeholder are not rows', () => {
        for (const k of ['GRW-100', 'GRW-125', 'GRW-110', 'GRW-165']) {
          expect(doc.body.textContent).toContain(k);
          expect(keys(anchors)).not.toContain(keyOf(k));
        }
      });
    },
  );

  describeFixture(
    jira,
    {
      file: 'search.html',
      about: 'a JQL search',
      url: u('/issues/?jql=labels%20in%20(KR1.2)%20ORDER%20BY%20updated%20DESC'),
      page: { kind: 'search' },
    },
    ({ anchors }) => {
      it('14 rows after the issue-key cell link', () => {
        expect(anchors).toHaveLength(14);
        for (const a of anchors) {
          expect(a.mode).toBe('row');
          expect(a.position).toBe('after');
          expect(a.element.matches(jiraSelectors.searchKeyLink)).toBe(true);
          expect(a.element.closest(jiraSelectors.searchRow)).not.toBeNull();
        }
        expect(keys(anchors)).toContain(keyOf('PLAT_OPS-12'));
        expect(keys(anchors)).toContain(keyOf('AB2-7'));
      });

      it('states: lozenge names, then the category id', () => {
        const state = (k: string) => byKey(anchors, k).ticket.state;
        expect(state('GRW-142')).toBe('in-progress');
        expect(state('GRW-144')).toBe('in-progress'); // In Review
        expect(state('GRW-136')).toBe('in-progress'); // In Design (category 4)
        expect(state('GRW-145')).toBe('open');
        expect(state('GRW-150')).toBe('open'); // Backlog
        expect(state('PLAT_OPS-12')).toBe('open'); // Selected for Development
        expect(state('GRW-143')).toBe('done');
        expect(state('GRW-101')).toBe('closed'); // Rejected
        expect(byKey(anchors, 'WEB-2201').ticket.title).toBe(
          'Marketing site: onboarding screenshots refresh',
        );
      });

      it('the JQL text and the filter sidebar are not rows', () => {
        expect(keys(anchors)).not.toContain(keyOf('GRW-133'));
        expect(anchors.filter((a) => a.ticket.key === keyOf('GRW-142'))).toHaveLength(1);
      });
    },
  );

  describeFixture(
    jira,
    {
      file: 'dc-issue-view.html',
      about: 'a Data Center issue page on jira.example.org',
      url: u('/browse/OPS-12', DC),
      page: {
        kind: 'issue',
        ticket: {
          key: dcKeyOf('OPS-12'),
          url: `${DC}/browse/OPS-12`,
          title: 'Rotate the signing keys without downtime',
        },
      },
    },
    ({ url, doc, anchors }) => {
      it('is a Data Center page on a host the user adds, not a Cloud host', () => {
        expect(doc.body.id).toBe('jira');
        expect(doc.querySelector('meta[name="application-name"]')?.getAttribute('content')).toBe(
          'JIRA',
        );
        expect(jiraAdapter.matchesHost('jira.example.org')).toBe(false);
      });

      it('document.title names OPS-12', () => {
        expect(doc.title).toBe('[OPS-12] Rotate the signing keys without downtime - Example Jira');
      });

      it('one ticket anchor after h1#summary-val, with state, labels and parent', () => {
        // Issue #14: the 3 issue links and 2 sub-tasks are rows now (tracker-jira-hierarchy).
        expect(tickets(anchors)).toHaveLength(1);
        expect(rows(anchors)).toHaveLength(5);
        const a = anchors[0]!;
        expect(a.mode).toBe('ticket');
        expect(a.position).toBe('after');
        expect(a.element).toBe(doc.getElementById('summary-val'));
        expect(a.element.tagName).toBe('H1');
        expect(a.element.closest('.issue-header-content')).not.toBeNull();
        expect(a.ticket).toEqual({
          key: dcKeyOf('OPS-12'),
          url: `${DC}/browse/OPS-12`,
          title: 'Rotate the signing keys without downtime', // the empty edit icon adds nothing
          state: 'in-progress', // #status-val's lozenge, not the ops bar button
          labels: ['KR1.2', 'okr:KR2.1', 'backend'],
          parent: dcKeyOf('OPS-2'), // the Epic Link field
        });
      });

      it('reads the classic DOM: #key-val link, #status-val lozenge, #wrap-labels lozenges', () => {
        const keyVal = doc.querySelector(jiraSelectors.serverKey)!;
        expect(keyVal.getAttribute('data-issue-key')).toBe('OPS-12');
        expect(keyVal.getAttribute('href')).toBe('/browse/OPS-12');
        expect(
          keyVal.closest('.aui-nav-breadcrumbs')?.querySelector('#project-name-val'),
        ).not.toBeNull();
        expect(doc.querySelector('#details-module #type-val')?.textContent?.trim()).toBe('Story');
        expect(doc.querySelector('#details-module #priority-val')?.textContent?.trim()).toBe(
          'High',
        );
        expect(doc.querySelector(`${jiraSelectors.serverStatus} .aui-lozenge`)?.textContent).toBe(
          'In Progress',
        );
        const labels = [...doc.querySelectorAll(jiraSelectors.serverLabels)];
        expect(labels).toHaveLength(3);
        for (const el of labels) {
          expect(el.matches('#wrap-labels .labels-wrap ul.labels > li > a.lozenge')).toBe(true);
          expect(el.querySelector('span')?.textContent).toBe(el.getAttribute('title'));
        }
      });

      it('noise: header menu, ops bar, epic link, issue links, sub-tasks, description, comments', () => {
        // Links to other issues everywhere (the epic link only shows the epic's name) ...
        for (const k of ['OPS-2', 'OPS-3', 'OPS-7', 'OPS-13', 'OPS-14', 'OPS-15', 'SEC-41']) {
          expect(doc.querySelector(`a[href="/browse/${k}"]`), k).not.toBeNull();
        }
        // ... and a bare key in a comment.
        expect(doc.getElementById('activitymodule')?.textContent).toContain('OPS-18');
        // Issue links carry data-issue-key too, but they are neither #key-val nor board cards.
        expect(doc.querySelectorAll('#linkingmodule a.issue-link[data-issue-key]')).toHaveLength(3);
        expect(doc.querySelectorAll('#view-subtasks tr.issuerow[data-issuekey]')).toHaveLength(2);
        expect(doc.querySelectorAll('#issues_history_main a[data-issue-key]')).toHaveLength(3);
        expect(doc.querySelectorAll('[data-issue-key]').length).toBeGreaterThan(10);
        for (const sel of [
          jiraSelectors.serverCard,
          jiraSelectors.card,
          jiraSelectors.backlogRow,
          jiraSelectors.searchRow,
          jiraSelectors.summary,
        ]) {
          expect(doc.querySelectorAll(sel), sel).toHaveLength(0);
        }
        // The ops bar repeats the status; the details module is what is read.
        expect(doc.querySelector('#opsbar-transitions_more')?.textContent).toBe('In Progress');
        expect(keys(tickets(anchors))).toEqual([dcKeyOf('OPS-12')]);
        // Issue #14: rows only in the Issue Links and Sub-Tasks modules, none for the
        // description's, the comments' or the menus' links.
        for (const a of rows(anchors))
          expect(a.element.closest('#linkingmodule, #view-subtasks'), a.ticket.key).not.toBeNull();
      });

      it('theme from html[data-color-mode]', () => {
        expect(jiraAdapter.theme?.(doc)).toBe('light');
      });

      it('a subtree root: the heading finds its view; the modules around it give nothing', () => {
        const h1 = doc.getElementById('summary-val')!;
        expect(keys(jiraAdapter.anchors(url, h1))).toEqual([dcKeyOf('OPS-12')]);
        const inner = doc.createElement('span');
        h1.append(inner);
        expect(jiraAdapter.anchors(url, inner)[0]?.element).toBe(h1);
        inner.remove();
        for (const id of ['activitymodule', 'viewissuesidebar']) {
          expect(jiraAdapter.anchors(url, doc.getElementById(id)!), id).toEqual([]);
        }
        // Issue #14: the link and sub-task modules give their rows.
        expect(keys(jiraAdapter.anchors(url, doc.getElementById('linkingmodule')!))).toHaveLength(
          3,
        );
        expect(keys(jiraAdapter.anchors(url, doc.getElementById('view-subtasks')!))).toEqual([
          dcKeyOf('OPS-13'),
          dcKeyOf('OPS-15'),
        ]);
      });
    },
  );

  describeFixture(
    jira,
    {
      file: 'dc-board.html',
      about: 'a Data Center board',
      url: u('/secure/RapidBoard.jspa?rapidView=12', DC),
      page: { kind: 'board' },
    },
    ({ url, doc, anchors }) => {
      const short = (a: Anchor) => a.ticket.key.split('/')[1]!;

      it('12 row anchors, one per .ghx-issue card, each after the card key link', () => {
        expect(anchors).toHaveLength(12);
        expect(tickets(anchors)).toHaveLength(0);
        const cards = [...doc.querySelectorAll('#ghx-pool .ghx-issue[data-issue-key]')];
        expect(cards).toHaveLength(12);
        expect(anchors.map((a) => a.element.closest(jiraSelectors.serverCard))).toEqual(cards);
        for (const a of anchors) {
          expect(a.mode).toBe('row');
          expect(a.position).toBe('after');
          expect(a.block).toBeUndefined();
          expect(a.element.matches('.ghx-key > a.js-key-link')).toBe(true);
          const card = a.element.closest(jiraSelectors.serverCard)!;
          expect(card.getAttribute('data-issue-key')).toBe(short(a));
          expect(a.element.textContent).toBe(short(a));
          expect(a.ticket.url).toBe(`${DC}/browse/${short(a)}`);
        }
      });

      it('cards by swimlane and column, matching the column header counts', () => {
        const lanes: Record<string, Record<string, string[]>> = {};
        for (const a of anchors) {
          const lane = a.element.closest('.ghx-swimlane')!.getAttribute('swimlane-id')!;
          const col = a.element
            .closest('.ghx-column[data-column-id]')!
            .getAttribute('data-column-id')!;
          ((lanes[lane] ??= {})[col] ??= []).push(short(a));
        }
        expect(lanes).toEqual({
          '31': { '22': ['OPS-17'] },
          '32': {
            '21': ['OPS-14', 'OPS-15', 'OPS-16', 'OPS-19'],
            '22': ['OPS-12', 'OPS-9'],
            '23': ['OPS-18', 'OPS-11'],
            '24': ['OPS-13', 'OPS-3', 'OPS-5'],
          },
        });
        const qty = [...doc.querySelectorAll('#ghx-column-headers .ghx-column')].map((h) => [
          h.getAttribute('data-id'),
          Number(h.querySelector('.ghx-qty')?.textContent),
        ]);
        expect(qty).toEqual([
          ['21', 4],
          ['22', 3],
          ['23', 2],
          ['24', 3],
        ]);
      });

      it('titles from .ghx-summary[title]; done from ghx-done; other columns unknown', () => {
        expect(byKey(anchors, 'OPS-12', dcKeyOf).ticket).toEqual({
          key: dcKeyOf('OPS-12'),
          url: `${DC}/browse/OPS-12`,
          title: 'Rotate the signing keys without downtime',
        });
        expect(byKey(anchors, 'OPS-19', dcKeyOf).ticket.title).toBe(
          'Document the on-call key rotation runbook & checklist',
        );
        expect(byKey(anchors, 'OPS-17', dcKeyOf).ticket.title).toBe(
          'Renew the wildcard certificate for *.example.org',
        );
        const done = anchors.filter((a) => a.ticket.state === 'done').map(short);
        expect(done).toEqual(['OPS-13', 'OPS-3', 'OPS-5']);
        for (const a of anchors) {
          const card = a.element.closest(jiraSelectors.serverCard)!;
          expect(a.ticket.state).toBe(card.classList.contains('ghx-done') ? 'done' : undefined);
          expect(a.ticket.labels).toBeUndefined(); // the "Labels" extra field is not read
        }
      });

      it('noise: header menu, sprint goal, quick filters, epic lozenges, closed detail view', () => {
        const text = doc.body.textContent ?? '';
        for (const k of ['OPS-7', 'SEC-41']) expect(text).toContain(k); // the header menu
        for (const k of ['OPS-1', 'OPS-2']) {
          expect(doc.querySelector(`[data-epickey="${k}"]`), k).not.toBeNull(); // epic lozenges
        }
        for (const k of ['OPS-1', 'OPS-2', 'OPS-7', 'SEC-41']) {
          expect(keys(anchors)).not.toContain(dcKeyOf(k));
        }
        // data-issue-key on 12 cards plus the 3 recent-issue links of the header menu.
        expect(doc.querySelectorAll('[data-issue-key]')).toHaveLength(15);
        // OPS-12 is in the menu, the sprint goal and a quick filter's JQL; one anchor, its card.
        expect(doc.getElementById('ghx-sprint-goal')?.textContent).toContain('OPS-12');
        expect(doc.querySelector('#js-work-quickfilters [title*="OPS-12"]')).not.toBeNull();
        expect(byKey(anchors, 'OPS-12', dcKeyOf).element.closest('#ghx-pool')).not.toBeNull();
        expect(doc.getElementById('ghx-detail-view')?.children).toHaveLength(0);
        for (const id of ['ghx-header', 'ghx-column-header-group', 'header']) {
          expect(jiraAdapter.anchors(url, doc.getElementById(id)!), id).toEqual([]);
        }
      });

      it('a changed card (or a node inside it) yields just that card', () => {
        const card = doc.querySelector('.ghx-issue[data-issue-key="OPS-9"]')!;
        expect(keys(jiraAdapter.anchors(url, card))).toEqual([dcKeyOf('OPS-9')]);
        const inner = card.querySelector('.ghx-summary .ghx-inner')!;
        expect(keys(jiraAdapter.anchors(url, inner))).toEqual([dcKeyOf('OPS-9')]);
      });
    },
  );

  describeFixture(
    jira,
    {
      file: 'backlog-selected.html',
      about: 'a backlog, GRW-146 open in the side panel',
      url: u('/jira/software/c/projects/GRW/boards/12/backlog?selectedIssue=GRW-146'),
      page: {
        kind: 'backlog',
        ticket: { key: keyOf('GRW-146'), url: `${CLOUD}/browse/GRW-146` },
      },
    },
    ({ url, doc, anchors }) => {
      const panel = doc.querySelector(jiraSelectors.compactLayout)!;
      const GRW146 = keyOf('GRW-146');

      it('the document title stays the backlog', () => {
        expect(doc.title).toBe('Backlog - Growth - Jira');
      });

      it('37 anchors: the panel ticket first, the 32 backlog rows, 4 rows in the panel', () => {
        expect(anchors).toHaveLength(37);
        expect(tickets(anchors)).toHaveLength(1);
        expect(rows(anchors)).toHaveLength(36);
        expect(anchors[0]!.mode).toBe('ticket');
        // The backlog's rows are exactly those of backlog.html; the panel adds its child and
        // linked work items (issue #14).
        const plain = jiraAdapter.anchors(
          u('/jira/software/c/projects/GRW/boards/12/backlog'),
          fixture('backlog.html'),
        );
        const outside = rows(anchors).filter(
          (a) => !a.element.closest(jiraSelectors.compactLayout),
        );
        expect(keys(outside)).toEqual(keys(plain));
      });

      it('one ticket anchor, after the summary heading in the compact layout panel', () => {
        const t = tickets(anchors)[0]!;
        expect(panel).not.toBeNull();
        expect(t.element.closest(jiraSelectors.compactLayout)).toBe(panel);
        expect(t.element.matches(jiraSelectors.summary)).toBe(true);
        expect(t.position).toBe('after');
        expect(t.block).toBe(true);
        expect(t.ticket).toEqual({
          key: GRW146,
          url: `${CLOUD}/browse/GRW-146`,
          title: 'Weekly digest email for workspace owners',
          state: 'open', // "Backlog - Change status"
          labels: ['KR2.1', 'retention'], // labels-view links, no data-tag-text
          parent: keyOf('GRW-110'),
        });
      });

      it("GRW-146's backlog row stays a row anchor, after its visible key link", () => {
        const r = rows(anchors).filter((a) => a.ticket.key === GRW146);
        expect(r).toHaveLength(1);
        const a = r[0]!;
        expect(a.position).toBe('after');
        expect(a.element.matches(jiraSelectors.backlogKeyLink)).toBe(true);
        expect(a.element.closest(jiraSelectors.compactLayout)).toBeNull();
        const row = a.element.closest(jiraSelectors.backlogRow)!;
        expect(row.getAttribute('data-test-id')).toBe(
          'software-backlog.card-list.card.content-container.GRW-146',
        );
        expect(row.classList.contains('_blsel')).toBe(true);
        expect(a.ticket).toEqual({
          key: GRW146,
          url: `${CLOUD}/browse/GRW-146`,
          title: 'Weekly digest email for workspace owners',
          state: 'open',
        });
      });

      it('panel: the parent epic is no anchor; child and linked work items are rows (issue #14)', () => {
        // Child work items are native-issue-table rows inside the issue view.
        expect(panel.querySelectorAll(jiraSelectors.searchRow)).toHaveLength(2);
        expect(panel.textContent).toContain('GRW-110');
        expect(keys(anchors)).not.toContain(keyOf('GRW-110'));
        const inPanel = rows(anchors).filter((a) => a.element.closest(jiraSelectors.compactLayout));
        expect(inPanel.map((a) => [a.ticket.key, a.ticket.parent])).toEqual([
          [keyOf('GRW-171'), GRW146], // children name the panel's issue as their parent
          [keyOf('GRW-172'), GRW146],
          [keyOf('GRW-147'), undefined], // linked work items do not
          [keyOf('GRW-112'), undefined],
        ]);
        // GRW-147 is linked in the panel and is a backlog row: a row anchor in each place.
        const linked = rows(anchors).filter((a) => a.ticket.key === keyOf('GRW-147'));
        expect(linked.map((a) => !!a.element.closest(jiraSelectors.compactLayout))).toEqual([
          false,
          true,
        ]);
        expect(tickets(anchors).every((a) => a.element.closest(jiraSelectors.compactLayout))).toBe(
          true,
        );
      });

      it('the panel DOM is enough even when the URL has no selectedIssue', () => {
        const bare = u('/jira/software/c/projects/GRW/boards/12/backlog');
        expect(keys(tickets(jiraAdapter.anchors(bare, doc)))).toEqual([GRW146]);
      });

      it('a subtree root in the panel yields the panel ticket and its child and linked rows', () => {
        expect(jiraAdapter.anchors(url, panel).map((a) => [a.mode, a.ticket.key])).toEqual([
          ['ticket', GRW146],
          ['row', keyOf('GRW-171')],
          ['row', keyOf('GRW-172')],
          ['row', keyOf('GRW-147')],
          ['row', keyOf('GRW-112')],
        ]);
      });
    },
  );

  it('every selector in jiraSelectors parses', () => {
    const doc = html('');
    for (const sel of Object.values(jiraSelectors)) {
      expect(() => doc.querySelectorAll(sel)).not.toThrow();
    }
  });
});

describe('anchors() on hand-made DOM', () => {
  const issueUrl = u('/browse/GRW-9');
  const heading = (attr = 'data-testid', text = 'Summary') =>
    `<h1 ${attr}="issue.views.issue-base.foundation.summary.heading">${text}</h1>`;

  it('testId() matches both attribute forms', () => {
    expect(testId('a.b')).toBe('[data-testid="a.b"], [data-test-id="a.b"]');
    expect(testId('a.', { tag: 'tr', op: '^=', then: 'a' })).toBe(
      'tr[data-testid^="a."] a, tr[data-test-id^="a."] a',
    );
  });

  it('reads the older data-test-id form on the issue view', () => {
    const doc = html(
      `<a data-test-id="issue.views.issue-base.foundation.breadcrumbs.current-issue.item" href="/browse/GRW-9"><span>GRW-9</span></a>
       ${heading('data-test-id', 'Old form')}
       <button data-test-id="issue-field-status.ui.status-view.status-button.status-button">Done</button>`,
    );
    const [a] = jiraAdapter.anchors(issueUrl, doc);
    expect(a?.ticket).toMatchObject({ key: keyOf('GRW-9'), title: 'Old form', state: 'done' });
  });

  it('without a breadcrumb the key comes from the URL, then from the title', () => {
    const doc = html(heading(), '[GRW-9] Summary - Jira');
    expect(keys(jiraAdapter.anchors(issueUrl, doc))).toEqual([keyOf('GRW-9')]);
    const sd = u('/jira/servicedesk/projects/SD/queues/custom/1');
    expect(keys(jiraAdapter.anchors(sd, doc))).toEqual([keyOf('GRW-9')]);
    // Nothing names the issue: no anchor rather than a wrong one.
    expect(
      jiraAdapter.anchors(u('/jira/software/c/projects/GRW/boards/1'), html(heading())),
    ).toEqual([]);
  });

  it.each([
    [
      'issue.views.field.labels + data-tag-text',
      `<div data-testid="issue.views.field.labels"><span data-tag-text="true">KR1.2</span><span data-tag-text="true">okr:KR2.1</span></div>`,
      ['KR1.2', 'okr:KR2.1'],
    ],
    [
      '…labels.common.ui.labels-view + links',
      `<div data-testid="issue.views.field.labels.common.ui.labels-view"><a href="/issues/?jql=labels%3DKR1.2">KR1.2</a> <a href="/issues/?jql=labels%3Dx">x</a></div>`,
      ['KR1.2', 'x'],
    ],
    [
      'some-prefix.labels.common.ui.labels-view (data-test-id)',
      `<div data-test-id="issue-field.labels.common.ui.labels-view"><span data-tag-text>KR9</span></div>`,
      ['KR9'],
    ],
    [
      'issue.views.issue-base.context.labels, empty ("None")',
      `<div data-testid="issue.views.issue-base.context.labels"><h3>Labels</h3><span>None</span></div>`,
      [],
    ],
    [
      'bare issue-field-labels.ui.label items',
      `<ul><li data-testid="issue-field-labels.ui.label">KR1.2</li><li data-testid="issue-field-labels.ui.label">KR1.2</li></ul>`,
      ['KR1.2'],
    ],
    ['no labels field', `<div>Labels: KR1.2</div>`, undefined],
  ])('labels: %s', (_name, field, expected) => {
    const doc = html(heading() + field);
    expect(jiraAdapter.anchors(issueUrl, doc)[0]?.ticket.labels).toEqual(expected);
  });

  itParsesStates('jiraState', jiraState, [
    ['To Do', 'open'],
    ['Open', 'open'],
    ['Backlog', 'open'],
    ['In Progress', 'in-progress'],
    ['in review', 'in-progress'],
    ['Done', 'done'],
    ['Closed', 'done'],
    ['Resolved', 'done'],
    ["Won't Do", 'closed'],
    ['In Progress - Change status', 'in-progress'],
    ['In Design', undefined],
    ['', undefined],
  ]);

  it('status button: aria-label first, then its text', () => {
    const doc = html(
      heading() +
        `<button data-testid="issue-field-status.ui.status-view.status-button.status-button" aria-label="Resolved - Change status"><span>RESOLVED</span></button>`,
    );
    expect(jiraAdapter.anchors(issueUrl, doc)[0]?.ticket.state).toBe('done');
  });

  it('two views on one page: each reads its own breadcrumb and status', () => {
    const view = (k: string, s: string) =>
      `<section><a data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item" href="/browse/${k}">${k}</a>${heading('data-testid', k)}<button data-testid="issue-field-status.ui.status-view.status-button.status-button">${s}</button></section>`;
    const doc = html(view('GRW-1', 'Done') + view('GRW-2', 'To Do'));
    const got = jiraAdapter
      .anchors(u('/issues/?jql=x'), doc)
      .map((a) => [a.ticket.key, a.ticket.state]);
    expect(got).toEqual([
      [keyOf('GRW-1'), 'done'],
      [keyOf('GRW-2'), 'open'],
    ]);
  });

  it('board card: key from the key link when the id is missing; title from the focus button', () => {
    const doc = html(
      `<div data-testid="platform-board-kit.ui.card.card"><button aria-label="GRW-5 Fix the thing. Use the enter key to load the work item."></button>
       <div data-testid="platform-card.common.ui.key.key"><a href="/browse/GRW-5" aria-label="GRW-5 is resolved"><div>GRW-5</div></a></div></div>`,
    );
    const [a] = jiraAdapter.anchors(u('/jira/software/c/projects/GRW/boards/1'), doc);
    expect(a?.ticket).toEqual({
      key: keyOf('GRW-5'),
      url: `${CLOUD}/browse/GRW-5`,
      title: 'Fix the thing',
      state: 'done',
    });
    expect(a?.element.tagName).toBe('A');
  });

  it('board card without a key link: appended to the card', () => {
    const doc = html(`<div id="card-GRW-6" data-testid="platform-board-kit.ui.card.card">x</div>`);
    const [a] = jiraAdapter.anchors(u('/jira/software/c/projects/GRW/boards/1'), doc);
    expect(a).toMatchObject({ mode: 'row', position: 'append', ticket: { key: keyOf('GRW-6') } });
  });

  it('a backlog row whose suffix is not a key and that has no key link is skipped', () => {
    const doc = html(
      `<div data-testid="software-backlog.card-list.card.content-container.placeholder">Drop GRW-1 here</div>`,
    );
    expect(jiraAdapter.anchors(u('/jira/software/c/projects/GRW/boards/1/backlog'), doc)).toEqual(
      [],
    );
  });

  describe('Server / Data Center DOM', () => {
    const dc = 'https://jira.corp.example';
    it('issue page: #key-val, #summary-val, #status-val, label lozenges', () => {
      const doc = html(
        `<div class="issue-header-content"><a id="key-val" data-issue-key="OPS-7" href="/browse/OPS-7">OPS-7</a>
         <h1 id="summary-val">Rotate keys</h1></div>
         <span id="status-val"><span>In Progress</span></span>
         <div class="wrap" id="wrap-labels"><div class="labels-wrap value"><ul class="labels"><li><a class="lozenge" href="#"><span>KR1.2</span></a></li></ul></div></div>`,
      );
      const anchors = jiraAdapter.anchors(u('/browse/OPS-7', dc), doc);
      expect(anchors).toHaveLength(1);
      expect(anchors[0]).toMatchObject({
        mode: 'ticket',
        position: 'after',
        block: true,
        ticket: {
          key: 'jira:jira.corp.example/OPS-7',
          url: `${dc}/browse/OPS-7`,
          title: 'Rotate keys',
          state: 'in-progress',
          labels: ['KR1.2'],
        },
      });
      expect(anchors[0]!.element.id).toBe('summary-val');
    });

    it('labels: the Labels field only, never a Labels-type custom field; an empty field is []', () => {
      const custom = `<li id="rowForcustomfield_10300"><strong>Team tags:</strong><div class="labels-wrap value"><ul class="labels" id="customfield_10300-10412-value"><li><a class="lozenge" href="#"><span>sre</span></a></li></ul></div></li>`;
      const page = (labels: string) =>
        html(
          `<a id="key-val" href="/browse/OPS-7">OPS-7</a><h1 id="summary-val">Rotate keys</h1>${labels}<ul>${custom}</ul>`,
        );
      const read = (labels: string) =>
        jiraAdapter.anchors(u('/browse/OPS-7', dc), page(labels))[0]!.ticket.labels;
      expect(
        read(
          `<div class="wrap" id="wrap-labels"><div class="labels-wrap value"><ul class="labels"><li><a class="lozenge"><span>KR1.2</span></a></li><li><a class="lozenge"><span>backend</span></a></li></ul></div></div>`,
        ),
      ).toEqual(['KR1.2', 'backend']);
      expect(
        read(
          `<div class="wrap" id="wrap-labels"><div class="labels-wrap value"><span class="labels">None</span></div></div>`,
        ),
      ).toEqual([]);
      expect(read('')).toBeUndefined(); // no Labels field: not read (and never removes a link)
    });

    it('status: the lozenge inside #status-val, whatever sits beside it', () => {
      const doc = html(
        `<a id="key-val" href="/browse/OPS-7">OPS-7</a><h1 id="summary-val">Rotate keys</h1>
         <span id="status-val" class="value"><span class="jira-issue-status-lozenge aui-lozenge jira-issue-status-lozenge-yellow">In Review</span> (<a href="#">View Workflow</a>)</span>`,
      );
      expect(jiraAdapter.anchors(u('/browse/OPS-7', dc), doc)[0]!.ticket.state).toBe('in-progress');
    });

    it("the board's detail panel (#ghx-detail-view, #issuekey-val) is the one ticket anchor", () => {
      const doc = html(
        `<div id="ghx-pool"><div class="ghx-issue" data-issue-key="OPS-12"><div class="ghx-key"><a href="/browse/OPS-12">OPS-12</a></div><div class="ghx-summary" title="Rotate">Rotate</div></div>
         <div class="ghx-issue" data-issue-key="OPS-13"><div class="ghx-key"><a href="/browse/OPS-13">OPS-13</a></div></div></div>
         <div id="ghx-detail-view"><div id="issuekey-val"><a href="/browse/OPS-12">OPS-12</a></div><h2 id="summary-val">Rotate</h2>
         <span id="status-val"><span class="aui-lozenge">To Do</span></span>
         <div id="view-subtasks"><table id="issuetable"><tr class="issuerow" data-issuekey="OPS-20"><td class="issuekey"><a class="issue-link" href="/browse/OPS-20">OPS-20</a></td></tr></table></div></div>`,
      );
      const url = u('/secure/RapidBoard.jspa?rapidView=12&view=detail&selectedIssue=OPS-12', dc);
      const anchors = jiraAdapter.anchors(url, doc);
      const tickets = anchors.filter((a) => a.mode === 'ticket');
      expect(tickets).toHaveLength(1);
      expect(tickets[0]).toMatchObject({
        position: 'after',
        ticket: { key: 'jira:jira.corp.example/OPS-12', title: 'Rotate', state: 'open' },
      });
      expect(tickets[0]!.element.closest('#ghx-detail-view')).not.toBeNull();
      // The cards are rows; so is the panel's sub-task (issue #14), a child of OPS-12.
      expect(
        anchors.filter((a) => a.mode === 'row').map((a) => [a.ticket.key, a.ticket.parent]),
      ).toEqual([
        ['jira:jira.corp.example/OPS-12', undefined],
        ['jira:jira.corp.example/OPS-13', undefined],
        ['jira:jira.corp.example/OPS-20', 'jira:jira.corp.example/OPS-12'],
      ]);
    });

    it('issue navigator rows (list and split view), with their status; sub-tasks of an issue are not rows', () => {
      const doc = html(
        `<table id="issuetable"><tbody>
           <tr id="issuerow10012" class="issuerow" data-issuekey="OPS-12"><td class="issuetype"></td><td class="issuekey"><a class="issue-link" data-issue-key="OPS-12" href="/browse/OPS-12">OPS-12</a></td><td class="summary"><p><a class="issue-link" data-issue-key="OPS-12" href="/browse/OPS-12">Rotate keys</a></p></td><td class="status"><span class="jira-issue-status-lozenge aui-lozenge">Done</span></td></tr>
           <tr id="issuerow10013" class="issuerow" data-issuekey="OPS-13"><td class="issuekey"><a class="issue-link" href="/browse/OPS-13">OPS-13</a></td><td class="summary"><p><a class="issue-link" href="/browse/OPS-13">Audit logs</a></p></td><td class="status"><span class="aui-lozenge">Open</span></td></tr>
         </tbody></table>
         <ol class="issue-list"><li data-key="OPS-14" data-id="10014"><a class="splitview-issue-link" href="/browse/OPS-14"><span class="issue-link-key">OPS-14</span><span class="issue-link-summary">Split view row</span></a></li></ol>`,
      );
      const anchors = jiraAdapter.anchors(u('/issues/?jql=project%3DOPS', dc), doc);
      expect(anchors.map((a) => [a.ticket.key, a.ticket.title, a.ticket.state, a.mode])).toEqual([
        ['jira:jira.corp.example/OPS-12', 'Rotate keys', 'done', 'row'],
        ['jira:jira.corp.example/OPS-13', 'Audit logs', 'open', 'row'],
        ['jira:jira.corp.example/OPS-14', 'Split view row', undefined, 'row'],
      ]);
      // Beside the key link, never inside a link (a click on the badge would navigate).
      for (const a of anchors) expect(a.element.parentElement?.closest('a') ?? null).toBeNull();
    });

    it('board and backlog cards (.ghx-issue / .js-issue): one anchor per card', () => {
      const doc = html(
        `<div id="ghx-pool"><div class="ghx-issue js-issue" data-issue-key="OPS-1"><div class="ghx-key"><a href="/jira/browse/OPS-1">OPS-1</a></div><div class="ghx-summary" title="Patch hosts">Patch…</div></div>
         <div class="ghx-issue js-issue ghx-done" data-issue-key="OPS-2"><a class="ghx-key" href="/jira/browse/OPS-2">OPS-2</a><div class="ghx-summary">Renew certs</div></div></div>
         <div class="ghx-backlog-column"><div class="js-issue" data-issue-key="OPS-3"><span class="ghx-summary">Audit sudoers</span></div></div>`,
      );
      const anchors = jiraAdapter.anchors(u('/jira/secure/RapidBoard.jspa?rapidView=3', dc), doc);
      expect(
        anchors.map((a) => [a.ticket.key, a.ticket.title, a.ticket.state, a.position]),
      ).toEqual([
        ['jira:jira.corp.example/OPS-1', 'Patch hosts', undefined, 'after'],
        ['jira:jira.corp.example/OPS-2', 'Renew certs', 'done', 'after'],
        ['jira:jira.corp.example/OPS-3', 'Audit sudoers', undefined, 'append'],
      ]);
      expect(anchors[0]!.ticket.url).toBe(`${dc}/jira/browse/OPS-1`);
      expect(anchors[2]!.ticket.url).toBe(`${dc}/jira/browse/OPS-3`);
    });
  });

  it.each([
    ['data-color-mode="dark"', 'dark'],
    ['data-color-mode="light"', 'light'],
    ['data-color-mode="auto"', undefined],
    ['', undefined],
  ])('theme(<html %s>) → %s', (attrs, expected) => {
    expect(jiraAdapter.theme?.(html('', '', attrs))).toBe(expected);
  });
});
