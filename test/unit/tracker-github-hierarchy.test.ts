// @vitest-environment happy-dom
/**
 * GitHub work hierarchy (issue #14, README "Work hierarchy"): sub-issue rows (a Primer
 * TreeView inside `sub-issues-issue-container`) and the sidebar's Relationships are row
 * anchors; a sub-issue names its parent (the view's issue, or the sub-issue it is nested
 * under); a sub-issue's own view reads its parent. Mentions and the own title get nothing.
 */
import { githubAdapter, githubSelectors as S } from '../../lib/trackers/github';
import type { Anchor } from '../../lib/trackers/types';
import { fixtureDoc, htmlDoc as html, keys } from './helpers/adapters';

const G = (path: string) => `github:github.com/${path}`;
const u = (path: string) => new URL(path, 'https://github.com');
const rows = (as: Anchor[]) => as.filter((a) => a.mode === 'row');
const tickets = (as: Anchor[]) => as.filter((a) => a.mode === 'ticket');
const parents = (as: Anchor[]) => as.map((a) => [a.ticket.key, a.ticket.parent]);

describe('issue-view-parent.html: a parent issue with sub-issues', () => {
  const url = u('/acme/web/issues/10');
  const doc = fixtureDoc('github', 'issue-view-parent.html');
  const anchors = githubAdapter.anchors(url, doc);

  it('one ticket anchor (#10), no parent read', () => {
    expect(tickets(anchors).map((a) => a.ticket)).toEqual([
      {
        key: G('acme/web#10'),
        url: 'https://github.com/acme/web/issues/10',
        title: 'SSO rollout to all tenants',
        state: 'open',
        labels: ['bug', 'KR1.2', 'okr:KR2.1'],
      },
    ]);
  });

  it('sub-issue rows: children of #10, the nested one a child of #12; with title and state', () => {
    const subs = rows(anchors).filter((a) => a.element.closest(S.subIssues));
    expect(parents(subs)).toEqual([
      [G('acme/web#12'), G('acme/web#10')],
      [G('acme/web#16'), G('acme/web#12')], // expanded under #12 (aria-level 2)
      [G('acme/web#13'), G('acme/web#10')],
      [G('acme/web#14'), G('acme/web#10')],
      [G('acme/api#44'), G('acme/web#10')], // another repository, same parent
    ]);
    expect(subs.map((a) => [a.ticket.title, a.ticket.state])).toEqual([
      ['Fix login redirect loop on SSO', 'open'],
      ['Cookie domain for the staging tenant', 'open'],
      ['Reproduce with Okta test tenant', 'closed'],
      ['Add e2e test for callback', 'closed'],
      ['Session cookie SameSite setting per tenant', 'open'],
    ]);
    for (const a of subs) {
      expect(a.position).toBe('after');
      expect(a.element.tagName).toBe('A');
      // The row's own link, not a nested row's.
      expect(a.element.closest(S.subIssueItem)?.getAttribute('id')).toBe(
        `sub-${a.ticket.key.split('#')[1]}`,
      );
    }
  });

  it('the Relationships rows are linked, without a parent', () => {
    const rel = rows(anchors).filter((a) => a.element.closest(S.relationships));
    expect(parents(rel)).toEqual([[G('acme/infra#3'), undefined]]);
    expect(rel[0]!.ticket.title).toBe('IdP metadata refresh job');
  });

  it('mentions in the body and the timeline, and the own title, give nothing', () => {
    expect(anchors).toHaveLength(7);
    const body = doc.querySelector('[data-testid="issue-body"]')!;
    expect(body.textContent).toContain('acme/api#44');
    expect(githubAdapter.anchors(url, body)).toEqual([]);
    const timeline = doc.querySelector('[data-testid="issue-timeline-container"]')!;
    expect(githubAdapter.anchors(url, timeline)).toEqual([]);
    expect(keys(anchors).filter((k) => k === G('acme/web#10'))).toHaveLength(1);
  });

  it('a subtree inside a nested row yields that row, still knowing its parent', () => {
    const nested = doc.getElementById('sub-16')!.querySelector('span')!;
    expect(parents(githubAdapter.anchors(url, nested))).toEqual([
      [G('acme/web#16'), G('acme/web#12')],
    ]);
  });

  it('collapsed, the nested row is gone and nothing else changes', () => {
    const copy = doc.cloneNode(true) as Document;
    copy.querySelector('#sub-12 > ul[role="group"]')!.remove();
    expect(keys(rows(githubAdapter.anchors(url, copy)))).toEqual(
      keys(rows(anchors)).filter((k) => k !== G('acme/web#16')),
    );
  });
});

describe('issue-view-sub-issue.html: a sub-issue', () => {
  const url = u('/acme/web/issues/12');
  const doc = fixtureDoc('github', 'issue-view-sub-issue.html');
  const anchors = githubAdapter.anchors(url, doc);

  it('its own ticket names its parent (#10); page() too', () => {
    expect(tickets(anchors)[0]!.ticket.parent).toBe(G('acme/web#10'));
    expect(githubAdapter.page(url, doc).ticket?.parent).toBe(G('acme/web#10'));
  });

  it('its own sub-issue names it; Relationships rows (parent, blocking) have no parent', () => {
    expect(parents(rows(anchors))).toEqual([
      [G('acme/web#16'), G('acme/web#12')],
      [G('acme/web#10'), undefined],
      [G('acme/web#15'), undefined],
    ]);
  });
});

describe('the parent, read by its words', () => {
  const view = (extra: string) =>
    html(
      `<div data-testid="issue-header"><h1><bdi data-testid="issue-title">Child</bdi> <span>#12</span></h1>${extra}</div>`,
      'Child · Issue #12 · acme/web',
    );
  const parentOf = (doc: Document) => githubAdapter.page(u('/acme/web/issues/12'), doc).ticket;

  it.each([
    ['"Parent:" before the link', '<div>Parent: <a href="/acme/web/issues/10">Epic</a></div>'],
    [
      'the link labelled "Parent issue"',
      '<a aria-label="Parent issue: Epic" href="/acme/web/issues/10">Epic</a>',
    ],
    [
      'Relationships: "Parent issue" heading',
      '<div data-testid="sidebar-relationships-section"><div><h4>Parent issue</h4><a href="/acme/web/issues/10">Epic</a></div></div>',
    ],
  ])('%s', (_, extra) => {
    expect(parentOf(view(extra))?.parent).toBe(G('acme/web#10'));
  });

  it.each([
    ['no parent shown', ''],
    [
      'a mention in the header is not a parent',
      '<div>See <a href="/acme/web/issues/10">#10</a></div>',
    ],
    ['a pull request is never a parent', '<div>Parent: <a href="/acme/web/pull/10">PR</a></div>'],
    ['itself', '<div>Parent: <a href="/acme/web/issues/12">Child</a></div>'],
  ])('%s: not read (never "none")', (_, extra) => {
    expect(parentOf(view(extra))).not.toHaveProperty('parent');
  });

  it('the old modelled list (sub-issues-section, role=listitem) gives child rows too', () => {
    const doc = fixtureDoc('github', 'issue-view.html');
    const list = githubAdapter.anchors(u('/acme/web/issues/12'), doc);
    expect(parents(rows(list))).toEqual(
      ['13', '14', '15'].map((n) => [G(`acme/web#${n}`), G('acme/web#12')]),
    );
  });
});
