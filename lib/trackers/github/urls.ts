/**
 * GitHub URLs → page kinds and ticket refs. Page kinds come from github-url-detection
 * (https://github.com/refined-github/github-url-detection), always called with an explicit URL:
 * its `isIssue` reads `document.title`, so issue and PR paths are matched here.
 */
import {
  isGlobalIssueOrPRList,
  isMilestone,
  isProject,
  isRepoIssueList,
  isRepoPRList,
  isRepoTaxonomyIssueOrPRList,
  utils,
} from 'github-url-detection';
import { githubKey } from '../keys';
import type { PageKind, TicketRef } from '../types';

const PROJECT_PATH = /^(?:orgs|users)\/[^/]+\/projects\/\d+(?:\/|$)/;
const TICKET_PATH = /^(issues|pull)\/(\d+)(?:\/|$)/;

/** One issue or pull request: its key, number, canonical URL and names as written. */
export interface GhRef {
  key: string;
  n: string;
  url: string;
  owner: string;
  repo: string;
}

export function toUrl(href: string | null | undefined, base: URL): URL | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href, base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Results per URL of the pure URL parsers below: one pass asks the page's kind and ref for
 * the same URL several times (page, scan, the view's sub-issue lists), and github-url-detection
 * was a good share of an issue page's first pass. Bounded; values are never mutated.
 */
function memoByHref<T>(parse: (u: URL) => T): (u: URL) => T {
  const memo = new Map<string, T>();
  return (u) => {
    if (memo.has(u.href)) return memo.get(u.href) as T;
    const v = parse(u);
    if (memo.size >= 200) memo.clear();
    memo.set(u.href, v);
    return v;
  };
}

/** `/:owner/:repo/(issues|pull)/:n[/…]` → ref; undefined for anything else. */
export const refFromUrl = memoByHref((u: URL): GhRef | undefined => {
  const info = utils.getRepositoryInfo(u);
  if (!info) return undefined;
  const m = TICKET_PATH.exec(info.path);
  if (!m?.[1] || !m[2]) return undefined;
  return makeRef(u, info.owner, info.name, m[2], m[1] as 'issues' | 'pull');
});

/**
 * Row and card links by href: a list re-rendered or scrolled shows the same hrefs again, and
 * parsing each through URL + github-url-detection was the biggest cost of a 1,000-row pass.
 * Bounded; refs are never mutated (withDetails copies).
 */
const hrefRefs = new Map<string, GhRef | null>();
export function refFromHref(href: string | null, base: URL): GhRef | undefined {
  if (!href) return undefined;
  // Absolute and root-relative hrefs resolve the same on every page of the origin.
  const k = `${/^(\/|https?:)/i.test(href) ? base.origin : base.href} ${href}`;
  let ref = hrefRefs.get(k);
  if (ref === undefined) {
    ref = fastRef(href, base) ?? slowRef(href, base) ?? null;
    if (hrefRefs.size >= 5_000) hrefRefs.clear();
    hrefRefs.set(k, ref);
  }
  return ref ?? undefined;
}

/** Repositories already parsed by github-url-detection: `origin owner/repo` → its names. */
const knownRepos = new Map<string, { owner: string; repo: string }>();
const ROOT_TICKET_HREF = /^\/([\w.-]+)\/([\w.-]+)\/(issues|pull)\/(\d+)(?:[/?#]|$)/;

function slowRef(href: string, base: URL): GhRef | undefined {
  const u = toUrl(href, base);
  const ref = u && refFromUrl(u);
  const m = ROOT_TICKET_HREF.exec(href);
  if (ref && m && u.origin === base.origin) {
    if (knownRepos.size >= 1_000) knownRepos.clear();
    knownRepos.set(`${base.origin} ${m[1]}/${m[2]}`, { owner: ref.owner, repo: ref.repo });
  }
  return ref;
}

/**
 * A root-relative `/owner/repo/(issues|pull)/n` link of a repository already parsed once: a
 * list's thousand rows share one or a few repositories, so github-url-detection runs once per
 * repository, not per row. Dot segments fall through to the full parse.
 */
function fastRef(href: string, base: URL): GhRef | undefined {
  const m = ROOT_TICKET_HREF.exec(href);
  if (!m?.[1] || !m[2] || !m[4] || m[1].startsWith('.') || m[2].startsWith('.')) return undefined;
  const known = knownRepos.get(`${base.origin} ${m[1]}/${m[2]}`);
  return known && makeRef(base, known.owner, known.repo, m[4], m[3] as 'issues' | 'pull');
}

export function makeRef(
  base: URL,
  owner: string,
  repo: string,
  n: string,
  type: 'issues' | 'pull',
): GhRef | undefined {
  const key = githubKey(base.host, owner, repo, n);
  if (!key) return undefined;
  const num = key.slice(key.lastIndexOf('#') + 1);
  return {
    key,
    n: num,
    owner,
    repo,
    url: `${base.protocol}//${base.host}/${owner}/${repo}/${type}/${num}`,
  };
}

/** `?pane=issue&issue=owner|repo|n` (Projects side panel); `%7C` decodes to `|`. */
export function paneRef(url: URL): GhRef | undefined {
  if (url.searchParams.get('pane') !== 'issue') return undefined;
  const parts = (url.searchParams.get('issue') ?? '').split('|');
  if (parts.length !== 3) return undefined;
  const [owner, repo, n] = parts as [string, string, string];
  return makeRef(url, owner, repo, n, 'issues');
}

export const pageKind = memoByHref((url: URL): PageKind => {
  const path = utils.getCleanPathname(url);
  if (PROJECT_PATH.test(path) || isProject(url)) return 'board';
  const info = utils.getRepositoryInfo(url);
  if (info) {
    const m = TICKET_PATH.exec(info.path);
    if (m) return m[1] === 'pull' ? 'pull' : 'issue';
    if (
      isRepoIssueList(url) ||
      isRepoPRList(url) ||
      isRepoTaxonomyIssueOrPRList(url) ||
      isMilestone(url)
    ) {
      return 'list';
    }
    return 'other';
  }
  return isGlobalIssueOrPRList(url) ? 'list' : 'other';
});

/** The ticket of a ref, with what the page shows of it (a copy: refs are cached). */
export function withDetails(ref: GhRef, more: Omit<TicketRef, 'key' | 'url'>): TicketRef {
  const t: TicketRef = { key: ref.key, url: ref.url };
  if (more.title) t.title = more.title;
  if (more.state) t.state = more.state;
  if (more.labels) t.labels = more.labels;
  if (more.parent) t.parent = more.parent;
  return t;
}
