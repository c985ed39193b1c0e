// @vitest-environment happy-dom
/**
 * Jira work hierarchy (issue #14, README "Work hierarchy"): the rows of an issue view's child
 * and linked work items are row anchors; a child row names the view's issue as its parent; the
 * view's own ticket carries its parent (Cloud breadcrumb, Data Center sub-task breadcrumb or
 * Epic Link). Mentions in text and the issue's own title stay without anchors.
 */
import { jiraAdapter, jiraSelectors } from '../../lib/trackers/jira';
import type { Anchor } from '../../lib/trackers/types';
import type { AdapterSuite } from './helpers/adapters';
import { describeFixture, fixtureDoc, htmlDoc as html, keys } from './helpers/adapters';

const jira: AdapterSuite = { adapter: jiraAdapter, tracker: 'jira' };
const CLOUD = 'https://acme.atlassian.net';
const DC = 'https://jira.example.org';
const u = (path: string, origin = CLOUD) => new URL(path, origin);
const keyOf = (k: string) => `jira:acme.atlassian.net/${k}`;
const dcKeyOf = (k: string) => `jira:jira.example.org/${k}`;
const rows = (as: Anchor[]) => as.filter((a) => a.mode === 'row');
const tickets = (as: Anchor[]) => as.filter((a) => a.mode === 'ticket');
const parents = (as: Anchor[]) => as.map((a) => [a.ticket.key, a.ticket.parent]);

describe('fixtures', () => {
  describeFixture(
    jira,
    {
      file: 'issue-view-epic.html',
      about: 'an epic with its child work items and linked work items',
      url: u('/browse/GRW-100'),
      page: {
        kind: 'issue',
        ticket: {
          key: keyOf('GRW-100'),
          url: `${CLOUD}/browse/GRW-100`,
          title: 'Onboarding: first-week activation',
        },
      },
    },
    ({ url, doc, anchors }) => {
      it('the epic: one ticket anchor, no parent (the breadcrumb shows none: null)', () => {
        expect(tickets(anchors)).toHaveLength(1);
        expect(anchors[0]!.ticket).toEqual({
          key: keyOf('GRW-100'),
          url: `${CLOUD}/browse/GRW-100`,
          title: 'Onboarding: first-week activation',
          state: 'in-progress',
          labels: ['KR1.2'],
          parent: null,
        });
      });

      it('four child rows in the "Child work items" grid, each naming the epic as parent', () => {
        const grid = doc.querySelector('[aria-label="Child work items section"]')!;
        const children = rows(anchors).filter((a) => grid.contains(a.element));
        expect(parents(children)).toEqual([
          [keyOf('GRW-142'), keyOf('GRW-100')],
          [keyOf('GRW-150'), keyOf('GRW-100')],
          [keyOf('GRW-151'), keyOf('GRW-100')],
          [keyOf('WEB-2210'), keyOf('GRW-100')], // another project, same epic
        ]);
        expect(children.map((a) => a.ticket.state)).toEqual([
          'in-progress',
          'done',
          'open',
          'in-progress',
        ]);
        expect(children[0]!.ticket).toMatchObject({
          title: 'Ship the onboarding checklist v2 to all new workspaces',
          url: `${CLOUD}/browse/GRW-142`,
        });
        // Beside the key link (as on a search page), never inside it.
        for (const a of children) {
          expect(a.position).toBe('after');
          expect(a.element.matches(jiraSelectors.searchKeyLink)).toBe(true);
        }
      });

      it('two linked rows, without a parent, after the summary link', () => {
        const linked = rows(anchors).filter((a) => a.element.closest(jiraSelectors.linkedLists));
        expect(parents(linked)).toEqual([
          [keyOf('PLAT-88'), undefined],
          [keyOf('GRW-118'), undefined],
        ]);
        expect(linked.map((a) => [a.ticket.title, a.ticket.state])).toEqual([
          ['Analytics spec: onboarding events', 'in-progress'],
          ['Onboarding v1 (2026 Q3)', 'done'],
        ]);
        for (const a of linked) {
          expect(a.element.getAttribute('data-testid')).toBe('hover-card-trigger-wrapper');
          expect(a.element.querySelector(jiraSelectors.lineCardSummary)).not.toBeNull();
        }
      });

      it('mentions in the description and comments, and the recent items, are no anchors', () => {
        expect(anchors).toHaveLength(7);
        for (const k of ['WEB-2201', 'AB2-7', 'GRW-140']) {
          expect(doc.body.textContent).toContain(k);
          expect(keys(anchors)).not.toContain(keyOf(k));
        }
        // GRW-142 and GRW-151 are mentioned too: only their rows are anchors.
        expect(keys(anchors).filter((k) => k === keyOf('GRW-142'))).toHaveLength(1);
        const description = doc.querySelector(
          '[data-testid="issue.views.field.rich-text.description"]',
        )!;
        expect(jiraAdapter.anchors(url, description)).toEqual([]);
      });

      it('a child row changed alone still knows its parent (a subtree pass)', () => {
        const row = doc.querySelectorAll(jiraSelectors.searchRow)[2]!;
        const cell = row.querySelector(jiraSelectors.searchSummary)!;
        expect(parents(jiraAdapter.anchors(url, cell))).toEqual([
          [keyOf('GRW-151'), keyOf('GRW-100')],
        ]);
      });
    },
  );

  it('issue-view.html: a story names its epic; its sub-tasks name the story', () => {
    const doc = fixtureDoc('jira', 'issue-view.html');
    const anchors = jiraAdapter.anchors(u('/browse/GRW-142'), doc);
    expect(anchors[0]!.ticket.parent).toBe(keyOf('GRW-100'));
    expect(parents(rows(anchors))).toEqual([
      [keyOf('GRW-143'), keyOf('GRW-142')],
      [keyOf('GRW-144'), keyOf('GRW-142')],
      [keyOf('GRW-145'), keyOf('GRW-142')],
      [keyOf('AB2-7'), undefined],
      [keyOf('WEB-2201'), undefined],
      [keyOf('GRW-101'), undefined],
    ]);
  });

  it('dc-issue-view.html: sub-tasks name the issue, issue links do not; the epic link is its parent', () => {
    const doc = fixtureDoc('jira', 'dc-issue-view.html');
    const anchors = jiraAdapter.anchors(u('/browse/OPS-12', DC), doc);
    expect(anchors[0]!.ticket.parent).toBe(dcKeyOf('OPS-2'));
    expect(parents(rows(anchors))).toEqual([
      [dcKeyOf('OPS-3'), undefined],
      [dcKeyOf('OPS-14'), undefined],
      [dcKeyOf('SEC-41'), undefined],
      [dcKeyOf('OPS-13'), dcKeyOf('OPS-12')],
      [dcKeyOf('OPS-15'), dcKeyOf('OPS-12')],
    ]);
    const links = rows(anchors).slice(0, 3);
    expect(links.map((a) => [a.ticket.title, a.ticket.state])).toEqual([
      ['Inventory every service that verifies signatures', 'done'],
      ['Remove the retired key from the JWKS', 'open'],
      ['Key custody policy review', 'in-progress'],
    ]);
    for (const a of links) expect(a.element.matches('.link-summary')).toBe(true);
    const subtasks = rows(anchors).slice(3);
    expect(subtasks.map((a) => [a.ticket.title, a.ticket.state])).toEqual([
      ['Dual-publish the JWKS with the old and the new key', 'done'],
      ['Switch the issuers to the new private key', 'open'],
    ]);
    // After the summary link in its cell, never appended to the <tr>.
    for (const a of subtasks) expect(a.element.matches('td.stsummary a')).toBe(true);
  });
});

describe('hand-made DOM', () => {
  const view = (crumbs: string, body = '') =>
    html(
      `<div data-testid="issue.views.issue-details.issue-layout.issue-layout"><nav><ol>${crumbs}
       <div data-testid="issue.views.issue-base.foundation.breadcrumbs.breadcrumb-current-issue-container"><a data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item" href="/browse/GRW-142">GRW-142</a></div></ol></nav>
       <div data-testid="issue.views.issue-base.foundation.main"><h1 data-testid="issue.views.issue-base.foundation.summary.heading">Checklist</h1>${body}</div></div>`,
    );

  it.each([
    [
      'parent-issue.item (an <a> with the key)',
      '<li><a data-testid="issue.views.issue-base.foundation.breadcrumbs.parent-issue.item" href="/browse/GRW-100">GRW-100</a></li>',
      keyOf('GRW-100'),
    ],
    [
      'breadcrumb-parent-issue-container (a tooltip span with the key)',
      '<div data-testid="issue.views.issue-base.foundation.breadcrumbs.breadcrumb-parent-issue-container"><div data-testid="issue.views.issue-base.foundation.breadcrumbs.parent-issue.tooltip--container"><span>GRW-100</span></div></div>',
      keyOf('GRW-100'),
    ],
    ['no parent in the breadcrumb', '', null],
  ])('Cloud parent from the breadcrumb: %s', (_, crumbs, parent) => {
    const [a] = jiraAdapter.anchors(u('/browse/GRW-142'), view(crumbs));
    expect(a!.ticket.parent).toBe(parent);
  });

  it('no breadcrumb at all: the parent is not read (never null)', () => {
    const doc = html(
      '<h1 data-testid="issue.views.issue-base.foundation.summary.heading">Checklist</h1>',
      '[GRW-142] Checklist - Jira',
    );
    const [a] = jiraAdapter.anchors(u('/browse/GRW-142'), doc);
    expect(a!.ticket).not.toHaveProperty('parent');
  });

  it('the older child panel (a list of links) gives child rows too', () => {
    const doc = view(
      '',
      `<div data-testid="issue.issue-view.views.common.child-issues-panel.issues-container"><ul>
         <div><img alt="Issue type: Task"><a href="/browse/GRW-143">GRW-143</a><a href="/browse/GRW-143">Checklist API</a></div>
         <div><a href="/browse/GRW-144">GRW-144</a><a href="/browse/GRW-144">Checklist UI</a></div></ul></div>`,
    );
    const anchors = jiraAdapter.anchors(u('/browse/GRW-142'), doc);
    expect(rows(anchors).map((a) => [a.ticket.key, a.ticket.title, a.ticket.parent])).toEqual([
      [keyOf('GRW-143'), 'Checklist API', keyOf('GRW-142')],
      [keyOf('GRW-144'), 'Checklist UI', keyOf('GRW-142')],
    ]);
    // After the summary link, not inside it.
    for (const a of rows(anchors)) expect(a.element.textContent).toMatch(/^Checklist/);
  });

  it('rows inside a view that are in no child or linked list stay without anchors', () => {
    const doc = view(
      '',
      `<div data-testid="issue.views.field.rich-text.description"><table><tr data-testid="native-issue-table.ui.issue-row"><td><a data-testid="native-issue-table.common.ui.issue-cells.issue-key.issue-key-cell" href="/browse/GRW-9">GRW-9</a></td></tr></table></div>`,
    );
    expect(keys(jiraAdapter.anchors(u('/browse/GRW-142'), doc))).toEqual([keyOf('GRW-142')]);
  });

  it('a child list whose view key cannot be read: rows without a parent', () => {
    const doc = html(
      `<div data-testid="issue.views.issue-base.foundation.main"><div data-testid="issue.views.field.child-issues"><table><tr data-testid="native-issue-table.ui.issue-row"><td><a data-testid="native-issue-table.common.ui.issue-cells.issue-key.issue-key-cell" href="/browse/GRW-9">GRW-9</a></td></tr></table></div></div>`,
    );
    const anchors = jiraAdapter.anchors(u('/jira/your-work'), doc);
    expect(parents(anchors)).toEqual([[keyOf('GRW-9'), undefined]]);
  });

  it('Data Center: a sub-task names its parent (#parent_issue_summary)', () => {
    const doc = html(
      `<ol class="aui-nav aui-nav-breadcrumbs"><li><a id="project-name-val" href="/browse/OPS">Operations</a></li>
       <li><a class="issue-link" data-issue-key="OPS-12" href="/browse/OPS-12" id="parent_issue_summary" title="Rotate the signing keys">Rotate the signing keys</a></li>
       <li><a class="issue-link" data-issue-key="OPS-13" href="/browse/OPS-13" id="key-val">OPS-13</a></li></ol>
       <h1 id="summary-val">Dual-publish the JWKS</h1>`,
    );
    const [a] = jiraAdapter.anchors(u('/browse/OPS-13', DC), doc);
    expect(a!.ticket).toMatchObject({ key: dcKeyOf('OPS-13'), parent: dcKeyOf('OPS-12') });
  });

  it('Data Center: no sub-task breadcrumb and no Epic Link: the parent is not read', () => {
    const doc = html(
      `<a id="key-val" href="/browse/OPS-7">OPS-7</a><h1 id="summary-val">Rotate keys</h1><ul id="issuedetails"></ul>`,
    );
    expect(jiraAdapter.anchors(u('/browse/OPS-7', DC), doc)[0]!.ticket).not.toHaveProperty(
      'parent',
    );
  });
});
