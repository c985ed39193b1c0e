/**
 * What the tracker adapter tests share: fixture pages (test/fixtures/<tracker>/), small
 * hand-made documents, state-name tables, and the invariants every adapter's anchors hold on
 * every page. `fixtureDoc`, `htmlDoc` and `describeFixture` parse with the test environment's
 * DOMParser: use them in files that run in happy-dom.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TicketState } from '@/lib/okr/model';
import { ticketKeyRe } from '@/lib/okr/ticket-key';
import type { Anchor, PageInfo, TrackerAdapter, TrackerId } from '@/lib/trackers/types';

/** The text of test/fixtures/<tracker>/<name>. */
export function fixtureText(tracker: TrackerId, name: string): string {
  return readFileSync(join(import.meta.dirname, '../../fixtures', tracker, name), 'utf8');
}

export function fixtureDoc(tracker: TrackerId, name: string): Document {
  return new DOMParser().parseFromString(fixtureText(tracker, name), 'text/html');
}

/** A small page: `body` under a `<title>`, with attributes on `<html>` and more in `<head>`. */
export function htmlDoc(body: string, title = '', htmlAttrs = '', head = ''): Document {
  return new DOMParser().parseFromString(
    `<!DOCTYPE html><html ${htmlAttrs}><head><title>${title}</title>${head}</head><body>${body}</body></html>`,
    'text/html',
  );
}

export const keys = (anchors: Anchor[]): string[] => anchors.map((a) => a.ticket.key);

/** The one anchor of ticket `key` (the test fails when there is none, or several). */
export function oneAnchor(anchors: Anchor[], key: string): Anchor {
  const found = anchors.filter((a) => a.ticket.key === key);
  expect(found, `one anchor for ${key}`).toHaveLength(1);
  return found[0]!;
}

/** What differs between trackers in where badges may go. */
export interface AnchorRules {
  /** A row badge sits inside one of these (its row or card). */
  rowIn?: string;
  /**
   * Rows are links (Linear): a row badge sits inside its row link, which is fine for a badge
   * that is not interactive. A ticket badge is never inside a link (a click would navigate).
   */
  rowBadgeInLink?: true;
  /** At most this many ticket anchors (Linear shows one issue view at a time). */
  maxTickets?: number;
}

/** Invariants every page holds, whatever the tracker. */
export function checkInvariants(
  adapter: TrackerAdapter,
  url: URL,
  doc: Document,
  anchors: Anchor[],
  rules: AnchorRules = {},
): void {
  for (const a of anchors) {
    expect(a.ticket.key).toMatch(ticketKeyRe);
    expect(a.element.isConnected).toBe(true);
    // Where the badge host lands: never inside a link (clicks would navigate) unless a row
    // badge may be; a row badge in its own row or card; never in an editor.
    const parentOfHost =
      a.position === 'after' || a.position === 'before' ? a.element.parentElement : a.element;
    if (a.mode === 'ticket' || !rules.rowBadgeInLink) {
      expect(parentOfHost?.closest('a') ?? null, `${a.ticket.key} badge inside a link`).toBeNull();
    }
    if (a.mode === 'row' && rules.rowIn) {
      expect(
        parentOfHost?.closest(rules.rowIn) ?? null,
        `${a.ticket.key} outside its row`,
      ).not.toBeNull();
    }
    expect(parentOfHost?.closest('[contenteditable="true"]') ?? null).toBeNull();
  }
  // One ticket anchor per ticket; one anchor per element.
  const tickets = keys(anchors.filter((a) => a.mode === 'ticket'));
  expect(new Set(tickets).size).toBe(tickets.length);
  if (rules.maxTickets !== undefined) expect(tickets.length).toBeLessThanOrEqual(rules.maxTickets);
  expect(new Set(anchors.map((a) => a.element)).size).toBe(anchors.length);
  // Idempotent: the same elements and tickets, in the same order, on every pass and via scan.
  const again = adapter.anchors(url, doc);
  expect(again.map((a) => a.element)).toEqual(anchors.map((a) => a.element));
  expect(again.map((a) => a.ticket)).toEqual(anchors.map((a) => a.ticket));
  if (adapter.scan) {
    const scanned = [...adapter.scan(url, doc)];
    expect(scanned.map((a) => a.element)).toEqual(anchors.map((a) => a.element));
  }
}

/** An adapter under test: which fixtures folder it reads and its badge rules. */
export interface AdapterSuite {
  adapter: TrackerAdapter;
  tracker: TrackerId;
  rules?: AnchorRules;
}

export interface FixturePage {
  url: URL;
  doc: Document;
  anchors: Anchor[];
}

/**
 * The tests of one fixture page at `url`: `page()` gives `page`, the anchors hold the
 * invariants, and `body` adds the page's own tests (anchors are read once, up front).
 */
export function describeFixture(
  suite: AdapterSuite,
  at: { file: string; about: string; url: URL; page: PageInfo },
  body: (f: FixturePage) => void,
): void {
  describe(`${at.file} (${at.about})`, () => {
    const { url } = at;
    const doc = fixtureDoc(suite.tracker, at.file);
    const anchors = suite.adapter.anchors(url, doc);

    it(`page(): ${at.page.kind}${at.page.ticket ? ` about ${at.page.ticket.key}` : ''}`, () => {
      expect(suite.adapter.page(url, doc)).toEqual(at.page);
    });

    body({ url, doc, anchors });

    it('invariants', () => checkInvariants(suite.adapter, url, doc, anchors, suite.rules));
  });
}

/** One test per row: a status name as the page shows it → the ticket state it means. */
export function itParsesStates(
  name: string,
  parse: (shown: string) => TicketState | undefined,
  rows: [shown: string, state: TicketState | undefined][],
): void {
  it.each(rows)(`${name}(%j) → %s`, (shown, state) => {
    expect(parse(shown)).toBe(state);
  });
}
