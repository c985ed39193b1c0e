/**
 * GitHub adapter (github.com by default; any GitHub Enterprise host the user adds works the
 * same way, keys use `url.host`). Pure over (URL, Document): reads, never writes.
 *
 * Sources: page kinds from github-url-detection (./urls.ts); selectors as refined-github
 * (https://github.com/refined-github/refined-github) and Toggl Track's button
 * (https://github.com/toggl/track-extension/blob/master/src/content/github.js) read them,
 * checked against the saved pages in test/fixtures/github/.
 *
 * Anchors:
 * - issue or PR page: ONE `ticket` anchor after the title (`[data-testid="issue-title"]`, the
 *   React PR header title, or the legacy `.js-issue-title`), never the sticky header's copy
 *   (./issue-view.ts);
 * - Projects side panel (`[role="dialog"][aria-label^="Side panel"]`): one `ticket` anchor
 *   after its `issue-title`, keyed by the `issue=owner|repo|n` query parameter (./projects.ts);
 * - list rows and board cards: one `row` anchor after the title link, keyed by the link's
 *   own href (global lists and boards mix repositories) (./lists.ts, ./projects.ts).
 */
import { docOf, isDocument } from '../dom';
import type { Anchor, PageInfo, PageKind, TrackerAdapter } from '../types';
import { hierarchyAnchors } from './hierarchy';
import type { ViewKeyOf } from './hierarchy';
import { endOfHeading, ownTicket } from './issue-view';
import { Collector, listAnchors } from './lists';
import { cardAnchors, sidePanels } from './projects';
import { githubSelectors as S } from './selectors';
import { pageKind, paneRef, refFromUrl, withDetails } from './urls';

export { githubSelectors } from './selectors';
export { parseGithubState } from './state';
export { titleFromDocumentTitle } from './issue-view';

/** Whether an element found in the whole document is inside the changed subtree. */
function inRoot(root: Document | Element, el: Element): boolean {
  return isDocument(root) || root.contains(el) || el.contains(root);
}

/** Every anchor in `root`: the page's own ticket and side panels first, then rows and cards. */
function* githubScan(url: URL, root: Document | Element): Generator<Anchor> {
  const doc = docOf(root);
  const out = new Collector();
  const kind = pageKind(url);

  // The page's own ticket: one anchor, at the end of its title heading.
  const own = kind === 'issue' || kind === 'pull' ? ownTicket(url, doc) : undefined;
  if (own) {
    if (own.spot && inRoot(root, own.spot.element)) {
      out.add({
        ticket: own.ticket,
        mode: 'ticket',
        ...endOfHeading(own.spot.element, own.spot.position),
      });
    }
  }

  // An issue open in a Projects side panel (a portal: not under the board).
  for (const hit of sidePanels(url, doc)) {
    if (!inRoot(root, hit.element)) continue;
    out.add({ ticket: hit.ticket, mode: 'ticket', ...endOfHeading(hit.element, 'after') });
  }

  yield* out.list;
  yield* hierarchyAnchors(url, root, out, viewKeyOf(url, doc, kind === 'issue' ? own : undefined));
  yield* listAnchors(url, root, out);
  yield* cardAnchors(url, root, out);
}

/**
 * The key of the view (Projects side panel, else the page's own issue) that holds a sub-issues
 * list, worked out once per list and pass; undefined when the view's header is not the URL's.
 * `own`: the page's own issue as this scan read it (read once per scan, not again per list).
 */
function viewKeyOf(url: URL, doc: Document, own: ReturnType<typeof ownTicket>): ViewKeyOf {
  const known = new Map<Element, string | undefined>();
  return (container) => {
    if (!known.has(container)) {
      const panel = container.closest(S.sidePanel);
      // The page's own issue only when its header shows it (not while GitHub still shows the
      // previous issue after a navigation: its list would get the new issue as parent).
      const key = panel
        ? sidePanels(url, doc).find((h) => h.panel === panel)?.ticket.key
        : own?.spot
          ? own.ticket.key
          : undefined;
      known.set(container, key);
    }
    return known.get(container);
  };
}

export const githubAdapter: TrackerAdapter = {
  id: 'github',
  name: 'GitHub',

  matchesHost(host: string): boolean {
    return host.toLowerCase() === 'github.com';
  },

  page(url: URL, doc: Document): PageInfo {
    const kind = pageKind(url);
    if (kind === 'issue' || kind === 'pull') {
      const own = ownTicket(url, doc);
      return own ? { kind, ticket: own.ticket } : { kind };
    }
    // A side panel (Projects): the `issue=` parameter names it; without one, the panel's link.
    const pane = paneRef(url);
    const hits = sidePanels(url, doc);
    if (!pane) return hits[0] ? { kind, ticket: hits[0].ticket } : { kind };
    const hit = hits.find((h) => h.ticket.key === pane.key);
    return { kind, ticket: hit?.ticket ?? withDetails(pane, {}) };
  },

  anchors(url: URL, root: Document | Element): Anchor[] {
    return [...githubScan(url, root)];
  },

  scan: githubScan,

  theme(doc: Document): 'light' | 'dark' | undefined {
    const html = doc.documentElement;
    const mode = html.getAttribute('data-color-mode');
    if (mode === 'dark') {
      return /^light/.test(html.getAttribute('data-dark-theme') ?? '') ? 'light' : 'dark';
    }
    if (mode === 'light') {
      return /^dark/.test(html.getAttribute('data-light-theme') ?? '') ? 'dark' : 'light';
    }
    return undefined; // 'auto' (follows the OS) or absent
  },
};

/** For tests and the demo: page kind and key straight from a URL, no DOM. */
export function githubPageKind(url: URL): PageKind {
  return pageKind(url);
}

export function githubKeyFromUrl(url: URL): string | undefined {
  const kind = pageKind(url);
  if (kind === 'issue' || kind === 'pull') return refFromUrl(url)?.key;
  return paneRef(url)?.key;
}
