// @vitest-environment happy-dom
/**
 * Linear work hierarchy (issue #14, README "Work hierarchy"): the rows of an issue view's
 * sub-issue list and the rail's relation links are row anchors; a sub-issue row names the
 * view's issue as its parent; a sub-issue's own view reads its parent (header breadcrumb, else
 * a "Sub-issue of" link) and never reads "none". Fixtures: issue-view.html (ENG-37 with two
 * sub-issues) and issue-view-sub-issue.html (ENG-38, a sub-issue of ENG-37).
 */
import { linearAdapter, linearSelectors as S } from '../../lib/trackers/linear';
import type { Anchor } from '../../lib/trackers/types';
import { checkInvariants, fixtureDoc, htmlDoc as html } from './helpers/adapters';

const L = (k: string) => `linear:acme-labs/${k}`;
const u = (path: string) => new URL(path, 'https://linear.app');
const rows = (as: Anchor[]) => as.filter((a) => a.mode === 'row');
const tickets = (as: Anchor[]) => as.filter((a) => a.mode === 'ticket');
const parents = (as: Anchor[]) => as.map((a) => [a.ticket.key, a.ticket.parent]);
const rules = {
  rowIn: `${S.listRow}, ${S.boardCard}, ${S.sectionContent}`,
  rowBadgeInLink: true as const,
  maxTickets: 1,
};

describe('issue-view.html: ENG-37 with two sub-issues and a relation', () => {
  const url = u('/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows');
  const doc = fixtureDoc('linear', 'issue-view.html');
  const anchors = linearAdapter.anchors(url, doc);

  it('the view reads no parent (its breadcrumb names the team, not an issue)', () => {
    expect(tickets(anchors)).toHaveLength(1);
    expect(tickets(anchors)[0]!.ticket).not.toHaveProperty('parent');
  });

  it('sub-issue rows are children of ENG-37, with title and state', () => {
    const subs = rows(anchors).filter((a) => a.element.closest(S.listRow));
    expect(parents(subs)).toEqual([
      [L('ENG-38'), L('ENG-37')],
      [L('ENG-39'), L('ENG-37')],
    ]);
    expect(subs.map((a) => [a.ticket.title, a.ticket.state])).toEqual([
      ['Importer error dialog lists every bad row', 'done'],
      ['Accept semicolon CSV with decimal commas', 'open'],
    ]);
  });

  it('the relation link is a row without a parent, its title without "Blocked by KEY"', () => {
    const rel = rows(anchors).filter((a) => a.element.closest(S.sectionContent));
    expect(parents(rel)).toEqual([[L('ENG-12'), undefined]]);
    expect(rel[0]!.ticket.title).toBe('Parse quoted newlines in CSV cells');
    expect(rel[0]!.position).toBe('after');
  });

  it('description and activity mentions give nothing', () => {
    const desc = doc.querySelector('[aria-label="Issue description"]')!;
    expect(desc.textContent).toContain('ENG-40');
    // A subtree inside the view re-finds the view's own ticket anchor (findAll looks up), no row.
    expect(rows(linearAdapter.anchors(url, desc))).toEqual([]);
    expect(rows(linearAdapter.anchors(url, doc.querySelector('.sx-feed')!))).toEqual([]);
    const rail = doc.querySelector(S.sectionContent)!.closest('.sx-1k3v4rp')!;
    expect(rows(linearAdapter.anchors(url, rail)).map((a) => a.ticket.key)).toEqual([L('ENG-12')]);
  });

  it('a row of a plain list (outside an issue view) has no parent', () => {
    const list = fixtureDoc('linear', 'list.html');
    const all = linearAdapter.anchors(u('/acme-labs/team/ENG/all'), list);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((a) => a.ticket.parent === undefined)).toBe(true);
  });

  it('rows before the add button or in the activity feed are not sub-issues', () => {
    const d = html(`<div data-restore-scroll-view="issue-view"><div data-view-id="issue-view">
      <a data-list-key="x" href="/acme-labs/issue/ENG-2/x"><span data-column-id="issueId">ENG-2</span></a>
      <button aria-label="Create new sub-issue">+</button>
      <a data-list-key="y" href="/acme-labs/issue/ENG-3/y"><span data-column-id="issueId">ENG-3</span></a>
      <div data-history-entry-id="h1"></div>
      <a data-list-key="z" href="/acme-labs/issue/ENG-4/z"><span data-column-id="issueId">ENG-4</span></a>
    </div></div>`);
    const got = linearAdapter.anchors(u('/acme-labs/issue/ENG-1/p'), d);
    expect(parents(rows(got))).toEqual([
      [L('ENG-2'), undefined],
      [L('ENG-3'), L('ENG-1')],
      [L('ENG-4'), undefined],
    ]);
  });

  it('invariants (relation rows included)', () =>
    checkInvariants(linearAdapter, url, doc, anchors, rules));
});

describe('issue-view-sub-issue.html: ENG-38, a sub-issue of ENG-37', () => {
  const url = u('/acme-labs/issue/ENG-38/importer-error-dialog');
  const doc = fixtureDoc('linear', 'issue-view-sub-issue.html');
  const anchors = linearAdapter.anchors(url, doc);

  it('the view reads its parent from the header breadcrumb', () => {
    expect(tickets(anchors).map((a) => a.ticket)).toEqual([
      {
        key: L('ENG-38'),
        url: url.href,
        title: 'Importer error dialog lists every bad row',
        state: 'in-progress',
        labels: ['KR1.2', 'okr:KR2.1', 'Importer'],
        parent: L('ENG-37'),
      },
    ]);
  });

  it('without the breadcrumb, from the "Sub-issue of" link above the title', () => {
    const d = fixtureDoc('linear', 'issue-view-sub-issue.html');
    d.querySelector('[aria-label="Parent issue"]')!.remove();
    expect(tickets(linearAdapter.anchors(url, d))[0]!.ticket.parent).toBe(L('ENG-37'));
  });

  it('the parent links are not rows; no parent shown → no parent field (never "none")', () => {
    expect(rows(anchors).map((a) => a.ticket.key)).toEqual([L('ENG-12')]);
    const d = fixtureDoc('linear', 'issue-view-sub-issue.html');
    d.querySelector('[aria-label="Parent issue"]')!.remove();
    d.querySelector('.sx-parentline')!.remove();
    expect(tickets(linearAdapter.anchors(url, d))[0]!.ticket).not.toHaveProperty('parent');
  });

  it('invariants', () => checkInvariants(linearAdapter, url, doc, anchors, rules));
});
