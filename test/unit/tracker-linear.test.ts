// @vitest-environment happy-dom
/**
 * Linear adapter (lib/trackers/linear/): URL → page kind → ticket key tables, then every
 * fixture in test/fixtures/linear/ (saved-style pages of linear.app) parsed in happy-dom:
 * anchor counts, modes, keys, titles, states, labels, and noise that must not match.
 */
import {
  linearAdapter,
  linearRoute,
  linearSelectors,
  linearState,
  parseLinearTitle,
} from '../../lib/trackers/linear';
import type { Anchor, PageKind } from '../../lib/trackers/types';
import type { AdapterSuite } from './helpers/adapters';
import {
  describeFixture,
  htmlDoc as html,
  itParsesStates,
  keys,
  oneAnchor,
} from './helpers/adapters';

/**
 * A row badge sits inside its row (rows are links in fixed-height slots: a sibling would
 * overlap the next one); a ticket badge is never inside a link; one issue view at a time.
 */
const linear: AdapterSuite = {
  adapter: linearAdapter,
  tracker: 'linear',
  rules: {
    // Issue #14: the rail's relation links are rows too; their badge follows the link.
    rowIn: `${linearSelectors.listRow}, ${linearSelectors.boardCard}, ${linearSelectors.sectionContent}`,
    rowBadgeInLink: true,
    maxTickets: 1,
  },
};

const u = (path: string) => new URL(path, 'https://linear.app');
const keyOf = (k: string, ws = 'acme-labs') => `linear:${ws}/${k}`;
const byKey = (as: Anchor[], k: string) => oneAnchor(as, keyOf(k));

describe('matchesHost', () => {
  it.each([
    ['linear.app', true],
    ['Linear.App', true],
    ['linear.app.', true],
    ['linear.app:443', true],
    ['app.linear.app', false], // not verified that it serves the app
    ['notlinear.app', false],
    ['linear.app.evil.example', false],
  ])('%s → %s', (host, expected) => {
    expect(linearAdapter.matchesHost(host)).toBe(expected);
  });
});

describe('page(): URL → kind → ticket', () => {
  const cases: [string, PageKind, string | undefined][] = [
    ['/acme-labs/issue/ENG-37/harden-the-csv-importer', 'issue', keyOf('ENG-37')],
    ['/acme-labs/issue/ENG-37', 'issue', keyOf('ENG-37')], // no slug
    ['/acme-labs/issue/ENG-37/', 'issue', keyOf('ENG-37')],
    ['/acme-labs/issue/ENG-37/slug/', 'issue', keyOf('ENG-37')],
    ['/acme-labs/issue/eng-37/slug', 'issue', keyOf('ENG-37')], // lowercase key
    ['/Acme-Labs/issue/ENG-37', 'issue', keyOf('ENG-37')], // workspace lowercased
    ['/acme-labs/issue/ENG-37/slug?noRedirect=1', 'issue', keyOf('ENG-37')],
    ['/acme-labs/issue/ENG-37/slug#comment-7f1c', 'issue', keyOf('ENG-37')],
    ['/other_ws/issue/OPS-1/fix', 'issue', 'linear:other_ws/OPS-1'], // another workspace
    ['/synquic-labs/issue/TRENDZO-37/research-work', 'issue', 'linear:synquic-labs/TRENDZO-37'],
    ['/acme-labs/issue/E2E-5', 'issue', keyOf('E2E-5')],
    ['/acme-labs/issue/ENG37', 'other', undefined], // not a key
    ['/acme-labs/issue', 'other', undefined],
    ['/acme-labs/team/ENG/all', 'list', undefined],
    ['/acme-labs/team/ENG/active', 'list', undefined],
    ['/acme-labs/team/ENG/backlog/', 'list', undefined],
    ['/acme-labs/team/ENG/triage', 'list', undefined],
    ['/acme-labs/team/ENG/cycle/current', 'list', undefined],
    ['/acme-labs/team/ENG/overview', 'other', undefined],
    ['/acme-labs/team/ENG/projects/all', 'other', undefined],
    ['/acme-labs/team/ENG', 'other', undefined],
    ['/acme-labs/my-issues/assigned', 'list', undefined],
    ['/acme-labs/my-issues/created', 'list', undefined],
    ['/acme-labs/views/issues', 'list', undefined],
    ['/acme-labs/view/open-bugs-7a3c9e', 'list', undefined],
    ['/acme-labs/project/importer-v2-3f2a1b/issues', 'list', undefined],
    ['/acme-labs/project/importer-v2-3f2a1b', 'list', undefined],
    ['/acme-labs/project/importer-v2-3f2a1b/overview', 'other', undefined],
    ['/acme-labs/projects/all', 'other', undefined],
    ['/acme-labs/inbox', 'other', undefined],
    ['/acme-labs/profiles/ana', 'other', undefined],
    ['/acme-labs/settings/account', 'other', undefined],
    ['/', 'other', undefined],
  ];
  it.each(cases)('%s → %s %s', (path, kind, key) => {
    const info = linearAdapter.page(u(path), html(''));
    expect(info.kind).toBe(kind);
    expect(info.ticket?.key).toBe(key);
  });

  it('list or board: decided by the DOM (a[data-board-item])', () => {
    const board = html('<a data-board-item="true" href="/acme-labs/issue/ENG-1/x">ENG-1</a>');
    for (const path of [
      '/acme-labs/team/ENG/all',
      '/acme-labs/my-issues/assigned',
      '/acme-labs/view/x',
    ]) {
      expect(linearAdapter.page(u(path), board).kind).toBe('board');
      expect(linearAdapter.page(u(path), html('')).kind).toBe('list');
    }
    // An issue page stays an issue page whatever the DOM holds.
    expect(linearAdapter.page(u('/acme-labs/issue/ENG-1'), board).kind).toBe('issue');
  });

  it('document.title "KEY-37 Title" fills the title when the keys match', () => {
    const url = u('/acme-labs/issue/ENG-37/slug');
    expect(linearAdapter.page(url, html('', 'ENG-37 Harden the importer'))).toEqual({
      kind: 'issue',
      ticket: {
        key: keyOf('ENG-37'),
        url: 'https://linear.app/acme-labs/issue/ENG-37/slug',
        title: 'Harden the importer',
      },
    });
    expect(linearAdapter.page(url, html('', 'ENG-12 Stale title')).ticket?.title).toBeUndefined();
    expect(linearAdapter.page(url, html('', 'Linear')).ticket?.title).toBeUndefined();
  });

  it.each([
    ['TRENDZO-37 Research Work', { key: 'TRENDZO-37', title: 'Research Work' }],
    ['ENG-1', { key: 'ENG-1' }],
    ['Engineering › Active issues', undefined],
  ])('parseLinearTitle(%j)', (title, expected) => {
    expect(parseLinearTitle(title)).toEqual(expected);
  });

  it('linearRoute is URL-only', () => {
    expect(linearRoute(u('/acme-labs/team/ENG/all'))).toEqual({
      kind: 'list',
      workspace: 'acme-labs',
    });
  });
});

describe('fixtures', () => {
  const issueUrl = u('/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows');
  const title = 'Harden the CSV importer against malformed rows';
  describeFixture(
    linear,
    {
      file: 'issue-view.html',
      about: 'an issue page, the title from <title>',
      url: issueUrl,
      page: { kind: 'issue', ticket: { key: keyOf('ENG-37'), url: issueUrl.href, title } },
    },
    ({ url, doc, anchors }) => {
      it('one ticket anchor after the title container, outside the ProseMirror editor', () => {
        // Issue #14: the sub-issue rows and the relation are rows now (tracker-linear-hierarchy).
        expect(anchors.filter((x) => x.mode === 'ticket')).toHaveLength(1);
        const a = anchors[0]!;
        expect(a.mode).toBe('ticket');
        expect(a.position).toBe('after');
        // A line of its own between title and description (space above and below).
        expect(a.block).toBe(true);
        const titleEl = doc.querySelector(linearSelectors.issueTitle)!;
        expect(titleEl.getAttribute('contenteditable')).toBe('true');
        expect(a.element).toBe(titleEl.parentElement);
        expect(a.element.closest('[contenteditable]')).toBeNull();
        expect(a.element.closest(linearSelectors.issueView)).not.toBeNull();
        expect(a.ticket).toEqual({
          key: keyOf('ENG-37'),
          url: url.href,
          title,
          state: 'in-progress',
          labels: ['KR1.2', 'okr:KR2.1', 'Importer'],
        });
      });

      it('sub-issue rows and the relation are rows (issue #14); mentions are not anchors', () => {
        const text = doc.body.textContent ?? '';
        for (const k of ['ENG-12', 'ENG-30', 'ENG-38', 'ENG-39', 'ENG-40', 'GRO-7']) {
          expect(text).toContain(k);
        }
        expect(
          doc.querySelectorAll(`${linearSelectors.issueView} ${linearSelectors.listRow}`),
        ).toHaveLength(2);
        expect(keys(anchors)).toEqual([
          keyOf('ENG-37'),
          keyOf('ENG-38'),
          keyOf('ENG-39'),
          keyOf('ENG-12'),
        ]);
      });

      it('theme: dark (html class, as on the saved page)', () => {
        expect(linearAdapter.theme?.(doc)).toBe('dark');
      });

      it('an issue view on a non-issue URL takes the key from document.title', () => {
        const a = linearAdapter.anchors(u('/acme-labs/inbox'), doc);
        expect(keys(a.filter((x) => x.mode === 'ticket'))).toEqual([keyOf('ENG-37')]);
        expect(a[0]!.ticket.url).toBe('https://linear.app/acme-labs/issue/ENG-37');
      });
    },
  );

  describeFixture(
    linear,
    {
      file: 'list.html',
      about: 'a list grouped by status',
      url: u('/acme-labs/team/ENG/active'),
      page: { kind: 'list' },
    },
    ({ url, doc, anchors }) => {
      it('27 rows, each badge inside its row right after the title', () => {
        expect(anchors).toHaveLength(27);
        for (const a of anchors) {
          expect(a.mode).toBe('row');
          expect(a.position).toBe('after');
          const row = a.element.closest(linearSelectors.listRow)!;
          expect(row).not.toBeNull();
          expect(a.element.textContent?.trim()).toBe(a.ticket.title);
          expect(a.ticket.url).toBe(new URL(row.getAttribute('href')!, url).href);
        }
        expect(doc.querySelectorAll('.sx-group')).toHaveLength(4); // status group headers
      });

      it('titles (two siblings after the id) and states per status group', () => {
        expect(byKey(anchors, 'ENG-37').ticket).toEqual({
          key: keyOf('ENG-37'),
          url: 'https://linear.app/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows',
          title: 'Harden the CSV importer against malformed rows',
          state: 'in-progress',
          labels: ['KR1.2', 'okr:KR2.1', 'Importer'],
          labelsPartial: true,
        });
        const count = (s: string) => anchors.filter((a) => a.ticket.state === s).length;
        expect(count('in-progress')).toBe(9); // In Progress 6 + In Review 3
        expect(count('open')).toBe(18); // Todo 9 + Backlog 9
        expect(byKey(anchors, 'ENG-53').ticket.title).toBe(
          'Cursor pagination skips items created in the same ms',
        );
      });

      it('label chips: names only (no dot, no project or priority chip), partial; none → not read', () => {
        const withLabels = anchors.filter((a) => a.ticket.labels);
        expect(withLabels.length).toBeGreaterThan(5);
        for (const a of withLabels) {
          expect(a.ticket.labelsPartial).toBe(true);
          for (const l of a.ticket.labels!) {
            expect(['KR1.2', 'okr:KR2.1', 'okr:KR3.1', 'Importer', 'Bug', 'Performance']).toContain(
              l,
            );
          }
        }
        // A row without chips (labels hidden by display options, or none): labels not read.
        const bare = anchors.find((a) => !a.ticket.labels)!;
        expect(bare).toBeDefined();
        expect(bare.ticket).not.toHaveProperty('labelsPartial');
      });

      it('theme: light', () => {
        expect(linearAdapter.theme?.(doc)).toBe('light');
      });

      it('a changed row (or a node inside it) yields just that row', () => {
        const row = doc.querySelector('a[href*="/issue/ENG-50/"]')!;
        expect(keys(linearAdapter.anchors(url, row))).toEqual([keyOf('ENG-50')]);
        const id = row.querySelector(linearSelectors.listId)!;
        expect(keys(linearAdapter.anchors(url, id))).toEqual([keyOf('ENG-50')]);
      });
    },
  );

  describeFixture(
    linear,
    {
      file: 'board.html',
      about: 'a team’s issues in board layout',
      url: u('/acme-labs/team/ENG/all'),
      page: { kind: 'board' },
    },
    ({ doc, anchors }) => {
      it('14 cards, each badge appended inside its card', () => {
        expect(anchors).toHaveLength(14);
        for (const a of anchors) {
          expect(a.mode).toBe('row');
          expect(a.position).toBe('append');
          expect(a.element.closest(linearSelectors.boardCard)).not.toBeNull();
        }
      });

      it('titles skip the id, avatar initials and label chips; states from the status icon', () => {
        expect(byKey(anchors, 'ENG-37').ticket).toEqual({
          key: keyOf('ENG-37'),
          url: 'https://linear.app/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows',
          title: 'Harden the CSV importer against malformed rows',
          state: 'in-progress',
          labels: ['KR1.2', 'okr:KR2.1'],
          labelsPartial: true,
        });
        expect(byKey(anchors, 'ENG-57').ticket.title).toBe('GDPR export includes attachments');
        expect(byKey(anchors, 'ENG-57').ticket.labels).toBeUndefined(); // priority, project only
        expect(byKey(anchors, 'ENG-63').ticket.labels).toEqual(['Importer', 'KR1.2']);
        expect(byKey(anchors, 'ENG-63').ticket.labelsPartial).toBe(true);
        expect(byKey(anchors, 'ENG-12').ticket.state).toBe('done');
        expect(byKey(anchors, 'ENG-31').ticket.state).toBe('closed'); // Canceled
        expect(byKey(anchors, 'ENG-63').ticket.state).toBe('open'); // Backlog
        for (const a of anchors) {
          expect(a.ticket.title!.length).toBeGreaterThan(8);
          expect(['KR1.2', 'Importer', 'Bug', 'AR', 'BO', 'CW']).not.toContain(a.ticket.title);
        }
      });

      it('theme: dark', () => {
        expect(linearAdapter.theme?.(doc)).toBe('dark');
      });
    },
  );

  it('every selector in linearSelectors parses', () => {
    const doc = html('');
    for (const sel of Object.values(linearSelectors)) {
      expect(() => doc.querySelectorAll(sel)).not.toThrow();
    }
  });
});

describe('anchors() on hand-made DOM', () => {
  const listUrl = u('/acme-labs/team/ENG/all');

  it('row key from the href when the id column is missing; no key → skipped', () => {
    const doc = html(
      `<a data-list-key="1" href="/acme-labs/issue/ENG-5/x"><span>Fix</span></a>
       <a data-list-key="2" href="/acme-labs/project/importer"><span>Importer v2</span></a>`,
    );
    expect(keys(linearAdapter.anchors(listUrl, doc))).toEqual([keyOf('ENG-5')]);
  });

  it('a title column wins over the sibling rule', () => {
    const doc = html(
      `<a data-list-key="1" href="/acme-labs/issue/ENG-5/x"><span data-column-id="issueId">ENG-5</span><span>?</span><span>Sibling</span><span data-column-id="title">Column title</span></a>`,
    );
    expect(linearAdapter.anchors(listUrl, doc)[0]?.ticket.title).toBe('Column title');
  });

  it('the row workspace comes from its href (links to another workspace)', () => {
    const doc = html(
      `<a data-list-key="1" href="https://linear.app/other/issue/OPS-2/y"><span data-column-id="issueId">OPS-2</span></a>`,
    );
    expect(keys(linearAdapter.anchors(listUrl, doc))).toEqual(['linear:other/OPS-2']);
  });

  it('a card without an issue href uses its identifier text', () => {
    const doc = html(
      `<a data-board-item="true"><div data-contextual-menu="true"><div><span><span>eng-9</span></span></div><div><span>Card title</span></div></div></a>`,
    );
    expect(linearAdapter.anchors(listUrl, doc)[0]?.ticket).toEqual({
      key: keyOf('ENG-9'),
      title: 'Card title',
    });
  });

  it('the ticket anchor goes before the title when the title has no own container', () => {
    const doc = html(
      `<div data-view-id="issue-view"><div contenteditable="true" role="textbox" aria-label="Issue title"><p>T</p></div></div>`,
    );
    const [a] = linearAdapter.anchors(u('/acme-labs/issue/ENG-1'), doc);
    expect(a?.position).toBe('before');
    expect(a?.element.getAttribute('aria-label')).toBe('Issue title');
  });

  it('no labels section → labels not read; Add labels only → []', () => {
    const view = `<div data-restore-scroll-view="issue-view"><div data-view-id="issue-view"><div><div aria-label="Issue title">T</div></div></div><div>RAIL</div></div>`;
    const none = html(view);
    expect(
      linearAdapter.anchors(u('/acme-labs/issue/ENG-1'), none)[0]?.ticket.labels,
    ).toBeUndefined();
    const empty = html(
      view.replace(
        'RAIL',
        '<div data-details-pane-section-content="true"><button aria-label="Add labels">Add label</button></div>',
      ),
    );
    expect(linearAdapter.anchors(u('/acme-labs/issue/ENG-1'), empty)[0]?.ticket.labels).toEqual([]);
  });

  itParsesStates('linearState', linearState, [
    ['Backlog', 'open'],
    ['Todo', 'open'],
    ['Triage', 'open'],
    ['In Progress', 'in-progress'],
    ['In Review', 'in-progress'],
    ['Done', 'done'],
    ['Canceled', 'closed'],
    ['Duplicate', 'closed'],
    ['QA', undefined],
    ['High priority', undefined],
  ]);

  it.each([
    ['', '', '', undefined],
    ['class="dark logged-out"', '', '', 'dark'],
    ['class="light"', '', '', 'light'],
    ['style="color-scheme: dark"', '', '', 'dark'],
    ['', 'class="dark"', '', 'dark'],
    ['', '', '<meta name="color-scheme" content="light">', 'light'],
    ['', '', '<meta name="color-scheme" content="light dark">', undefined],
  ])('theme(<html %s> <body %s> %s) → %s', (htmlAttrs, bodyAttrs, head, expected) => {
    const doc = new DOMParser().parseFromString(
      `<!DOCTYPE html><html ${htmlAttrs}><head>${head}</head><body ${bodyAttrs}></body></html>`,
      'text/html',
    );
    expect(linearAdapter.theme?.(doc)).toBe(expected);
  });
});
