/** GitHub label names: an issue view's sidebar (page or side panel) and a list row's chips. */
import { norm } from '../dom';
import { NOT_OWN, githubSelectors as S } from './selectors';
import { toUrl } from './urls';

function labelFromHref(href: string | null, base: URL): string | undefined {
  const u = toUrl(href, base);
  if (!u) return undefined;
  const q = u.searchParams.get('q');
  if (q) {
    const m = /(?:^|\s)label:(?:"([^"]+)"|([^\s,]+))/.exec(q);
    const name = norm(m?.[1] ?? m?.[2]);
    if (name) return name;
  }
  const p = /\/labels\/([^/]+)\/?$/.exec(u.pathname);
  if (p?.[1]) {
    try {
      return norm(decodeURIComponent(p[1])) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Visible text: screen-reader-only parts ("Label: ") left out, emoji kept (part of a name). */
function visibleText(el: Element): string {
  if (!el.querySelector('.sr-only')) return norm(el.textContent);
  let out = '';
  const walk = (n: Node) => {
    for (const c of n.childNodes) {
      if (c.nodeType === 3) out += c.nodeValue ?? '';
      else if (c.nodeType === 1 && !(c as Element).classList.contains('sr-only')) walk(c);
    }
  };
  walk(el);
  return norm(out);
}

function labelName(a: Element, base: URL): string | undefined {
  // The whole chip: a name split over spans (an emoji, then the words) is one name.
  const shown = a.querySelector('span') ? visibleText(a) : '';
  if (shown) return shown;
  return (
    norm(a.getAttribute('data-name')) ||
    labelFromHref(a.getAttribute('href'), base) ||
    norm(a.textContent) ||
    undefined
  );
}

function uniq(xs: (string | undefined)[]): string[] {
  return [...new Set(xs.filter((x): x is string => Boolean(x)))];
}

/**
 * Labels of an issue view (page or side panel). `[]` when the labels section is there but
 * empty; undefined when no labels section was found (labels not read).
 */
export function viewLabels(
  scope: Document | Element,
  base: URL,
  own: boolean,
): string[] | undefined {
  const pick = (sel: string) =>
    [...scope.querySelectorAll(sel)].find((el) => !own || !el.closest(NOT_OWN));
  const section = pick(S.labelsSection);
  if (section) {
    return uniq([...section.querySelectorAll('a')].map((a) => labelName(a, base)));
  }
  const legacy = [...scope.querySelectorAll(S.legacyLabels)].filter(
    (el) => !own || !el.closest(NOT_OWN),
  );
  if (legacy.length > 0) {
    return uniq(legacy.map((el) => norm(el.getAttribute('data-name')) || labelName(el, base)));
  }
  if (pick('.js-issue-labels')) return [];
  return undefined;
}

/** Label links of a list row (`label:` queries or `/labels/x` paths); undefined when none. */
export function rowLabels(row: Element, base: URL, except: Element): string[] | undefined {
  // The attribute selector narrows natively (a row has a dozen links); the regexes decide.
  const names = [...row.querySelectorAll('a[href*="label" i]')]
    .filter((a) => a !== except && !except.contains(a))
    .filter((a) => {
      const href = a.getAttribute('href') ?? '';
      return /label(?:%3A|:)/i.test(href) || /\/labels\/[^/?#]+/.test(href);
    })
    .map((a) => labelName(a, base));
  const out = uniq(names);
  return out.length > 0 ? out : undefined;
}
