/**
 * Hostile content (issue 4 §1): a corpus of payloads (test/fixtures/hostile/payloads.json) in
 * ticket titles, labels and URLs of GitHub, Jira and Linear pages, and in KR titles and
 * check-in notes the user imports or types. Every one must render as text, run nothing, and
 * leave the host page's layout alone.
 *
 * Guards on every page (tracker pages and extension pages): no dialog, no `window.__pwned`, no
 * prototype pollution, no console error, no request a payload would make (an `<img src=x>`
 * parsed as HTML fetches `x`), and no active element (`script`, `img`, `iframe`, `svg`, inline
 * handlers, `javascript:` links) inside our shadow roots or in the extension pages beyond their
 * own UI.
 */
import { type BrowserContext, type Locator, type Page } from '@playwright/test';
import { expect, privateBuildTest } from './fixtures';
import { readFileSync } from 'node:fs';
import { codesIn, expectCodes, fixture, sendFrom, serve, ticketBadge } from './helpers';

// ---------------------------------------------------------------------------------------------
// The corpus

interface Payload {
  id: string;
  category: string;
  text: string;
}
const payloads: Payload[] = (
  JSON.parse(readFileSync('test/fixtures/hostile/payloads.json', 'utf8')) as (Payload & {
    repeat?: number;
  })[]
).map(({ repeat, ...p }) => ({ ...p, text: p.text.repeat(repeat ?? 1) }));
/** Ticket titles above this are refused by the schema: the long one has its own test. */
const TITLE_MAX = 2_000;
const shortPayloads = payloads.filter((p) => p.text.length <= TITLE_MAX);
const longPayload = payloads.find((p) => p.text.length > TITLE_MAX)!;

// ---------------------------------------------------------------------------------------------
// A private copy of the build (others may rebuild .output/chrome-mv3 while this runs)

// A private copy of the build (others may rebuild .output/chrome-mv3 while this runs).
const test = privateBuildTest;

test.beforeAll(() => {
  console.log(
    `[robust-hostile] ${payloads.length} payloads (${new Set(payloads.map((p) => p.category)).size} categories)`,
  );
});

// ---------------------------------------------------------------------------------------------
// Guards

interface Trouble {
  dialogs: string[];
  errors: string[];
  requests: string[];
}

/** Dialogs, console errors, page errors and payload-made requests anywhere in the context. */
function guard(context: BrowserContext): Trouble {
  const t: Trouble = { dialogs: [], errors: [], requests: [] };
  context.on('dialog', (d) => {
    t.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  context.on('console', (m) => {
    if (m.type() === 'error') t.errors.push(`${m.page()?.url() ?? '?'}: ${m.text()}`);
  });
  context.on('weberror', (e) => t.errors.push(`pageerror: ${e.error().message}`));
  context.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('chrome-extension://') || url.startsWith('data:')) return;
    // Only the fixture documents themselves are expected; anything else (an image, a script,
    // a stylesheet, a frame) was asked for by markup that should have stayed text.
    if (r.resourceType() === 'document' && r.frame().parentFrame() === null) return;
    t.requests.push(`${r.resourceType()} ${url.slice(0, 200)}`);
  });
  return t;
}

function expectNoTrouble(t: Trouble) {
  expect(t.dialogs, 'no dialog opened').toEqual([]);
  expect(t.errors, 'no console or page errors').toEqual([]);
  expect(t.requests, 'no request made by a payload').toEqual([]);
}

/** The canary every payload tries to set, and prototype pollution, in the page's world. */
async function expectCanary(page: Page) {
  expect(
    await page.evaluate(() => ({
      pwned: (globalThis as { __pwned?: unknown }).__pwned,
      polluted: ({} as { polluted?: unknown }).polluted,
    })),
    `canary on ${page.url().slice(0, 80)}`,
  ).toEqual({ pwned: undefined, polluted: undefined });
}

/**
 * Active or foreign elements inside OKR Lens shadow roots (badges, rows, picker). Our UI is
 * spans, buttons, divs, lists, a header and an input: anything able to load or run something
 * is a leak from page or user text.
 */
async function foreignInShadows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const banned = new Set([
      'script',
      'img',
      'image',
      'iframe',
      'frame',
      'frameset',
      'object',
      'embed',
      'svg',
      'math',
      'video',
      'audio',
      'source',
      'link',
      'meta',
      'base',
      'form',
      'template',
      'textarea',
      'select',
      'details',
      'marquee',
      'xmp',
      'plaintext',
      'noscript',
      'a',
      'okr-lens-badge',
      'okr-lens-picker',
    ]);
    const hosts = [...document.querySelectorAll('[data-okr-lens]')];
    for (const host of hosts) {
      const root = host.shadowRoot;
      if (!root) {
        bad.push(`${host.localName}: no shadow root`);
        continue;
      }
      for (const el of root.querySelectorAll('*')) {
        const tag = el.localName;
        if (banned.has(tag)) bad.push(`<${tag}> in ${host.getAttribute('data-ticket')}`);
        if (tag === 'style' && el.parentNode !== root) bad.push('<style> nested in our UI');
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) bad.push(`${tag}[${a.name}]`);
          if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name))
            bad.push(`${tag}[${a.name}=${a.value.slice(0, 40)}]`);
        }
        const kr = el.getAttribute('data-kr');
        if (kr !== null && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(kr)) bad.push(`data-kr=${kr}`);
      }
    }
    // Our element names appear only where we put them (payloads spoof them as text).
    for (const el of document.querySelectorAll('okr-lens-badge, okr-lens-picker'))
      if (!el.shadowRoot) bad.push(`spoofed <${el.localName}>`);
    return bad;
  });
}

/** Active or foreign elements in an extension page (options, popup) beyond its own UI. */
async function foreignInExtensionPage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const banned = new Set([
      'script',
      'img',
      'image',
      'iframe',
      'frame',
      'frameset',
      'object',
      'embed',
      'math',
      'video',
      'audio',
      'source',
      'link',
      'meta',
      'base',
      'style',
      'template',
      'marquee',
      'xmp',
      'plaintext',
      'noscript',
      'okr-lens-badge',
      'okr-lens-picker',
    ]);
    for (const el of document.body.querySelectorAll('*')) {
      const tag = el.localName;
      if (banned.has(tag)) bad.push(`<${tag}>`);
      // Our own SVGs (brand mark, check-in chart) are React components with a class and
      // nothing active inside; markup from a payload would come without one, or carry
      // handlers, links or scripts (caught here and by the attribute checks below).
      if (
        tag === 'svg' &&
        (!el.getAttribute('class') ||
          el.querySelector('script, foreignObject, animate, set, a, image, iframe'))
      )
        bad.push(`<svg> ${el.outerHTML.slice(0, 80)}`);
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`${tag}[${a.name}]`);
        if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && a.value !== '') {
          // Ticket links (https) only; `#` anchors of our own UI.
          if (!/^(https?:\/\/|#)/i.test(a.value.trim()))
            bad.push(`${tag}[${a.name}=${a.value.slice(0, 40)}]`);
        }
      }
    }
    for (const s of document.querySelectorAll('script'))
      if (!s.src.startsWith(location.origin)) bad.push(`script ${s.src || '(inline)'}`);
    return bad;
  });
}

// ---------------------------------------------------------------------------------------------
// Fixture pages with payloads substituted

/** Whitespace collapsed and trimmed, as the adapters read titles. */
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

interface ListSpec {
  name: string;
  url: string;
  glob: string;
  fixture: string;
  /** Row (or card) elements, and the element inside holding the title the adapter reads. */
  rows: string;
  title: string;
  /** The ticket token in a row's HTML (first match) and the canonical key it gives. */
  token: string;
  key: (token: string) => string;
  /** Rows wanted (cloned from the last when the fixture has fewer). */
  want: number;
  /** Rows whose title link gets a hostile href (GitHub only): they must get no badge. */
  hostileHrefs?: string[];
}

/** Lone surrogates replaced by U+FFFD, as UTF-8 encoding does (one payload has one). */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const encode = (s: string) => encodeURIComponent(wellFormed(s));

const GH = (n: number | string) => `github:github.com/acme/web#${n}`;
const J = (k: string) => `jira:acme.atlassian.net/${k}`;
const L = (k: string) => `linear:acme-labs/${k}`;

const LISTS: ListSpec[] = [
  {
    name: 'GitHub issue list',
    url: 'https://github.com/acme/web/issues?q=is%3Aopen',
    glob: 'https://github.com/**',
    fixture: 'github/repo-issue-list.html',
    rows: 'li[role="listitem"]:has(a[data-testid="issue-pr-title-link"])',
    title: 'a[data-testid="issue-pr-title-link"]',
    token: '/issues/\\d+',
    key: (t) => GH(/\d+$/.exec(t)![0]),
    want: 36,
    hostileHrefs: [
      'javascript:alert(1)//acme/web/issues/9001',
      '/acme/web/issues/9002"><img src=x onerror=alert(1)>',
      'data:text/html,<script>alert(1)</script>/acme/web/issues/9003',
    ],
  },
  {
    name: 'Jira backlog',
    url: 'https://acme.atlassian.net/jira/software/c/projects/GRW/boards/12/backlog',
    glob: 'https://acme.atlassian.net/**',
    fixture: 'jira/backlog.html',
    rows: '[data-testid^="software-backlog.card-list.card.content-container."]:not([data-testid$=".drop-placeholder"])',
    title: '[data-testid="software-backlog.card-list.card.card-contents.summary"]',
    token: '\\b[A-Z][A-Z0-9_]+-\\d+\\b',
    key: J,
    want: 32,
  },
  {
    name: 'Jira search',
    url: 'https://acme.atlassian.net/issues/?jql=order%20by%20created',
    glob: 'https://acme.atlassian.net/**',
    fixture: 'jira/search.html',
    rows: 'tr[data-testid="native-issue-table.ui.issue-row"]',
    title:
      '[data-testid="native-issue-table.common.ui.issue-cells.issue-summary.issue-summary-cell"]',
    token: '\\b[A-Z][A-Z0-9_]+-\\d+\\b',
    key: J,
    want: 24,
  },
  {
    name: 'Jira board',
    url: 'https://acme.atlassian.net/jira/software/projects/AB2/boards/3',
    glob: 'https://acme.atlassian.net/**',
    fixture: 'jira/board-team.html',
    rows: '[data-testid="platform-board-kit.ui.card.card"]',
    title:
      '[data-testid="issue-field-single-line-text-readview-card.ui.single-line-text.container.box"]',
    token: '\\b[A-Z][A-Z0-9_]+-\\d+\\b',
    key: J,
    want: 13,
  },
  {
    name: 'Linear list',
    url: 'https://linear.app/acme-labs/team/ENG/active',
    glob: 'https://linear.app/**',
    fixture: 'linear/list.html',
    rows: 'a[data-list-key]',
    title: '.sx-title',
    token: '\\bENG-\\d+\\b',
    key: L,
    want: 36,
  },
];

interface BuiltList {
  html: string;
  /** Per payload row: its ticket token. */
  tokens: string[];
}

/**
 * Put `texts` in the row titles of a fixture, one per row, in a scratch page (the browser's own
 * parser and serializer do the escaping, as a tracker's server would). Every row gets a fresh
 * number (`base + i`) so tickets of different pages never share a key.
 */
async function buildList(
  scratch: Page,
  spec: ListSpec,
  texts: string[],
  base: number,
): Promise<BuiltList> {
  await scratch.setContent(fixture(spec.fixture), { waitUntil: 'domcontentloaded' });
  return scratch.evaluate(
    ({ rows, title, token, want, texts, base, hostileHrefs }) => {
      const re = new RegExp(token);
      const renumber = (html: string, n: number) => {
        const tok = re.exec(html)?.[0];
        if (!tok) throw new Error(`no ticket token in row: ${html.slice(0, 300)}`);
        return html.split(tok).join(tok.replace(/\d+$/, String(n)));
      };
      let list = [...document.querySelectorAll(rows)];
      const template = list.at(-1)!.outerHTML;
      const total = want + hostileHrefs.length;
      for (let i = list.length; i < total; i++) {
        list.at(-1)!.insertAdjacentHTML('afterend', template);
        list = [...document.querySelectorAll(rows)];
      }
      // Fresh numbers for every row (outerHTML round trip), then titles as text.
      list.forEach((row, i) => (row.outerHTML = renumber(row.outerHTML, base + i)));
      list = [...document.querySelectorAll(rows)];
      const tokens: string[] = [];
      list.forEach((row, i) => {
        const t = row.querySelector(title)!;
        if (i < texts.length) {
          t.textContent = texts[i]!;
          tokens.push(re.exec(row.outerHTML)![0]);
        } else if (i >= want && i - want < hostileHrefs.length) {
          t.setAttribute('href', hostileHrefs[i - want]!);
          t.textContent = `hostile href ${i - want}`;
        }
      });
      return { html: `<!doctype html>\n${document.documentElement.outerHTML}`, tokens };
    },
    {
      rows: spec.rows,
      title: spec.title,
      token: spec.token,
      want: spec.want,
      texts,
      base,
      hostileHrefs: spec.hostileHrefs ?? [],
    },
  );
}

interface ViewSpec {
  name: string;
  url: string;
  glob: string;
  fixture: string;
  key: string;
  /** Elements whose text is the title (all copies), the anchor measured for layout. */
  titles: string;
  anchor: string;
  documentTitle: (t: string) => string;
  /** One label element to clone (and remove), the element inside carrying its text. */
  label: string;
  labelText: string;
  labelHref?: (name: string) => string;
}

const VIEWS: ViewSpec[] = [
  {
    name: 'GitHub issue',
    url: 'https://github.com/acme/web/issues/12',
    glob: 'https://github.com/**',
    fixture: 'github/issue-view.html',
    key: GH(12),
    titles: '[data-testid="issue-title"]',
    anchor: '[data-testid="issue-title"]',
    documentTitle: (t) => `${t} · Issue #12 · acme/web`,
    label: '[data-testid="sidebar-labels-section"] a',
    labelText: 'span',
    labelHref: (n) => `/acme/web/issues?q=state%3Aopen%20label%3A%22${encode(n)}%22`,
  },
  {
    name: 'Jira issue',
    url: 'https://acme.atlassian.net/browse/GRW-142',
    glob: 'https://acme.atlassian.net/**',
    fixture: 'jira/issue-view.html',
    key: J('GRW-142'),
    titles: '[data-testid="issue.views.issue-base.foundation.summary.heading"]',
    anchor: '[data-testid="issue.views.issue-base.foundation.summary.heading"]',
    documentTitle: (t) => `[GRW-142] ${t} - Jira`,
    label: '[data-testid="issue-field-labels.ui.label"]',
    labelText: '[data-tag-text]',
    labelHref: (n) => `/issues/?jql=labels%20%3D%20%22${encode(n)}%22`,
  },
  {
    name: 'Linear issue',
    url: 'https://linear.app/acme-labs/issue/ENG-37/harden-the-csv-importer-against-malformed-rows',
    glob: 'https://linear.app/**',
    fixture: 'linear/issue-view.html',
    key: L('ENG-37'),
    titles: '[aria-label="Issue title"] p',
    anchor: '[aria-label="Issue title"]',
    documentTitle: (t) => `ENG-37 ${t}`,
    label: '._labelrow > button._chip',
    labelText: 'span:last-child',
  },
];

/** An issue view whose title is `title` and whose labels are `labels` (plus a real `KR1.1`). */
async function buildView(
  scratch: Page,
  spec: ViewSpec,
  title: string,
  labels: string[],
): Promise<string> {
  await scratch.setContent(fixture(spec.fixture), { waitUntil: 'domcontentloaded' });
  const hrefs = spec.labelHref ? ['KR1.1', ...labels].map(spec.labelHref) : [];
  return scratch.evaluate(
    ({ spec, title, labels, hrefs, docTitle }) => {
      for (const t of document.querySelectorAll(spec.titles)) t.textContent = title;
      document.title = docTitle;
      const existing = [...document.querySelectorAll(spec.label)];
      const template = existing[0]!;
      const parent = template.parentElement!;
      for (const e of existing) e.remove();
      ['KR1.1', ...labels].forEach((name, i) => {
        const el = template.cloneNode(true) as Element;
        el.querySelector(spec.labelText)!.textContent = name;
        const a = el.matches('a') ? el : el.querySelector('a');
        if (a && hrefs[i]) a.setAttribute('href', hrefs[i]);
        parent.append(el);
      });
      return `<!doctype html>\n${document.documentElement.outerHTML}`;
    },
    {
      spec: { titles: spec.titles, label: spec.label, labelText: spec.labelText },
      title,
      labels,
      hrefs,
      docTitle: spec.documentTitle(title),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// The store: KR titles, objective titles and check-in notes are payloads

const DAY = 86_400_000;
const isoDay = (offset: number) => {
  const d = new Date(Date.now() + offset * DAY);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
/** At most `n` UTF-16 units, never ending inside a surrogate pair. */
const cap = (s: string, n: number) => {
  const t = s.slice(0, n);
  return /[\uD800-\uDBFF]$/.test(t) && /[\uDC00-\uDFFF]/.test(s.charAt(n)) ? t.slice(0, -1) : t;
};

interface StoreKr {
  id: string;
  code: string;
  title: string;
  objectiveId: string;
}
interface HostileStore {
  file: Record<string, unknown>;
  krs: StoreKr[];
  objectives: { id: string; title: string }[];
  notes: string[];
}

/**
 * One KR per payload (titles capped at the schema's 500), five per objective (objective titles
 * are the payloads backwards), one check-in per payload on the first KR (its note: the payload,
 * the 10 kB one included). `linkTo`: a ticket linked to every KR.
 */
function hostileStore(linkTo?: string): HostileStore {
  const n = payloads.length;
  const objectives: { id: string; title: string }[] = [];
  const krs: StoreKr[] = payloads.map((p, i) => {
    const o = Math.floor(i / 5);
    if (i % 5 === 0) objectives.push({ id: `o${o}`, title: cap(payloads[n - 1 - o]!.text, 500) });
    return {
      id: `k${i}`,
      code: `KR${o + 1}.${(i % 5) + 1}`,
      title: cap(p.text, 500),
      objectiveId: `o${o}`,
    };
  });
  const notes = payloads.map((p) => cap(p.text, 10_000));
  const file = {
    format: 'okr-lens',
    version: 1,
    cycles: [{ id: 'hc', name: 'Hostile cycle', start: isoDay(-30), end: isoDay(60) }],
    objectives: objectives.map((o) => ({ ...o, cycleId: 'hc', team: 'Red team' })),
    keyResults: krs.map((k) => ({ ...k, kind: 'increase', start: 0, target: 100 })),
    checkIns: notes.map((note, i) => ({
      id: `c${i}`,
      keyResultId: 'k0',
      at: isoDay(-(i % 28)),
      value: i % 100,
      note,
    })),
    links: linkTo
      ? krs.map((k) => ({ ticket: linkTo, keyResultId: k.id, source: 'user' as const }))
      : [],
  };
  return { file, krs, objectives, notes };
}

/** A plain store for the page tests: the codes the fixtures' labels carry, plain titles. */
function smallStore() {
  const codes = ['KR1.1', 'KR1.2', 'KR2.1', 'KR2.2', 'KR3.1'];
  return {
    format: 'okr-lens',
    version: 1,
    cycles: [{ id: 'sc', name: 'Plain cycle', start: isoDay(-30), end: isoDay(60) }],
    objectives: [{ id: 'so', cycleId: 'sc', title: 'Plain objective' }],
    keyResults: codes.map((code, i) => ({
      id: `s${i}`,
      objectiveId: 'so',
      code,
      title: `Plain key result ${code}`,
      kind: 'increase',
      start: 0,
      target: 10,
    })),
  };
}

async function importStore(context: BrowserContext, extensionId: string, file: unknown) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html#data`);
  await page.getByLabel('File to import').setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    // U+FFFD written as an escape: the importer refuses the literal character (see the fixme
    // round-trip test below); the value it parses to is the same.
    buffer: Buffer.from(JSON.stringify(file).replace(/\uFFFD/g, '\\ufffd')),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  return page;
}

async function exportAll(extPage: Page) {
  const r = await sendFrom(extPage, { type: 'exportAll' });
  if (!r.ok) throw new Error('export failed');
  return r.value as {
    cycles?: unknown[];
    keyResults?: { id: string; title: string }[];
    objectives?: { id: string; title: string }[];
    checkIns?: { note?: string }[];
    links?: unknown[];
    tickets?: { key: string; title?: string; url?: string }[];
  };
}

// ---------------------------------------------------------------------------------------------
// Layout

interface Shift {
  badge: { w: number; h: number };
  anchor: { dx: number; dy: number; dw: number; dh: number };
  /** Largest vertical move of any page element (not ours) when the badge goes. */
  maxDy: number;
  /**
   * The anchor's line height: what follows the badge on its line (GitHub's `#12`) may wrap to
   * a new line, so content below may move by the badge's height plus one such line.
   */
  line: number;
  worst: string;
}

/**
 * The page with the badge vs. the same page with the badge taken out of layout (display:none
 * on the host: an attribute change, which the overlay's childList observer ignores).
 */
async function layoutShift(page: Page, host: Locator, anchor: string): Promise<Shift> {
  return host.evaluate((h: HTMLElement, anchorSel) => {
    const a = document.querySelector(anchorSel)!;
    const els = [...document.body.querySelectorAll('*')].filter(
      (e) => !e.closest('okr-lens-badge, okr-lens-picker'),
    );
    const snap = () => els.map((e) => e.getBoundingClientRect());
    const cs = getComputedStyle(h);
    const hr = h.getBoundingClientRect();
    const badge = {
      w: hr.width + parseFloat(cs.marginLeft) + parseFloat(cs.marginRight),
      h: hr.height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom),
    };
    const withBadge = snap();
    const aWith = a.getBoundingClientRect();
    const before = h.style.getPropertyValue('display');
    const prio = h.style.getPropertyPriority('display');
    h.style.setProperty('display', 'none', 'important');
    const without = snap();
    const aWithout = a.getBoundingClientRect();
    h.style.setProperty('display', before, prio);
    let maxDy = 0;
    let worst = '';
    els.forEach((e, i) => {
      const dy = Math.abs(withBadge[i]!.top - without[i]!.top);
      if (dy > maxDy) {
        maxDy = dy;
        worst = `${e.localName}${e.id ? `#${e.id}` : ''}.${e.getAttribute('class') ?? ''}`.slice(
          0,
          80,
        );
      }
    });
    const acs = getComputedStyle(a);
    const line = parseFloat(acs.lineHeight) || parseFloat(acs.fontSize) * 1.5;
    return {
      badge,
      line,
      anchor: {
        dx: Math.abs(aWith.left - aWithout.left),
        dy: Math.abs(aWith.top - aWithout.top),
        dw: Math.abs(aWith.width - aWithout.width),
        dh: Math.abs(aWith.height - aWithout.height),
      },
      maxDy,
      worst,
    };
  }, anchor);
}

function expectLayoutIntact(s: Shift, where: string) {
  const tol = 1; // sub-pixel rounding
  expect(s.badge.w, `${where}: badge has a size`).toBeGreaterThan(0);
  expect(s.anchor.dx, `${where}: anchor x`).toBeLessThanOrEqual(s.badge.w + tol);
  expect(s.anchor.dy, `${where}: anchor y`).toBeLessThanOrEqual(s.badge.h + tol);
  expect(s.anchor.dw, `${where}: anchor width`).toBeLessThanOrEqual(s.badge.w + tol);
  expect(s.anchor.dh, `${where}: anchor height`).toBeLessThanOrEqual(s.badge.h + tol);
  expect(s.maxDy, `${where}: page moved (${s.worst})`).toBeLessThanOrEqual(
    s.badge.h + s.line + tol,
  );
}

// ---------------------------------------------------------------------------------------------
// Tests

test('(a) row titles on lists of GitHub, Jira and Linear: shown as text in Coverage, nothing runs', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(90_000);
  const trouble = guard(context);
  const options = await importStore(context, extensionId, smallStore());
  const before = await exportAll(options);

  // Spread the payloads over the list pages, one per row.
  const texts = shortPayloads.map((p) => p.text);
  expect(LISTS.reduce((n, l) => n + l.want, 0)).toBeGreaterThanOrEqual(texts.length);
  const scratch = await context.newPage();
  const bodies = new Map<string, string>();
  const placed: { spec: ListSpec; key: string; payload: Payload }[] = [];
  let offset = 0;
  for (const [i, spec] of LISTS.entries()) {
    const mine = texts.slice(offset, offset + spec.want);
    const built = await buildList(scratch, spec, mine, 5000 + i * 100);
    bodies.set(spec.url, built.html);
    built.tokens.forEach((tok, j) =>
      placed.push({ spec, key: spec.key(tok), payload: shortPayloads[offset + j]! }),
    );
    offset += mine.length;
  }
  await scratch.close();
  expect(placed.length).toBe(shortPayloads.length);
  for (const glob of new Set(LISTS.map((l) => l.glob)))
    await serve(context, glob, (url) => bodies.get(url.href) ?? '<!doctype html><p>none</p>');

  /** What each page shows as a row's title (the adapter's reading of the DOM). */
  const shownOnPage = new Map<string, string>();
  for (const spec of LISTS) {
    const page = await context.newPage();
    await page.goto(spec.url);
    // Every payload row is seen: the content script records it (title included) in one batch.
    // (Unlinked rows get no host: README "Badge hosts".)
    const mine = new Set(placed.filter((p) => p.spec === spec).map((p) => p.key));
    await expect
      .poll(
        async () => (await exportAll(options)).tickets?.filter((t) => mine.has(t.key)).length ?? 0,
        { message: `${spec.name}: every payload row recorded`, timeout: 15_000 },
      )
      .toBe(mine.size);
    // Rows whose title link has a javascript:, data: or broken href are no ticket at all.
    if (spec.hostileHrefs) {
      expect(await page.locator('[data-okr-lens][data-ticket*="#900"]').count()).toBe(0);
      const keys = ((await exportAll(options)).tickets ?? []).map((t) => t.key);
      expect(keys.filter((k) => /#900\d$/.test(k))).toEqual([]);
    }
    const titles = await page.evaluate(
      ({ rows, title, n }) =>
        [...document.querySelectorAll(rows)]
          .slice(0, n)
          .map((r) => (r.querySelector(title)?.textContent ?? '').replace(/\s+/g, ' ').trim()),
      { rows: spec.rows, title: spec.title, n: spec.want },
    );
    placed
      .filter((p) => p.spec === spec)
      .forEach((p, i) => shownOnPage.set(p.key, titles[i] ?? ''));
    // Rows whose fixture labels carry KR codes (KR1.2, okr:KR2.1) get linked and badged:
    // give those hosts a moment before scanning what is inside them.
    await page.waitForTimeout(300);
    expect(await foreignInShadows(page), `${spec.name}: shadow roots`).toEqual([]);
    await expectCanary(page);
    await page.close();
  }

  // Sanity: what the page shows is the payload (modulo the HTML parser's own rules).
  // The HTML parser drops NUL characters; UTF-8 encoding replaces lone surrogates.
  for (const p of placed) {
    expect(shownOnPage.get(p.key), `page text of ${p.payload.id}`).toBe(
      norm(wellFormed(p.payload.text).replace(/\0/g, '')),
    );
  }

  // The options page's Coverage lists every ticket seen with its title, as text.
  // (Recording seen tickets does not bump the revision: a fresh load shows them all.)
  await options.goto(`chrome-extension://${extensionId}/options.html#coverage`);
  await options.reload();
  await expect(options.getByTestId('orphan-count')).not.toHaveText('0', { timeout: 30_000 });
  // Orphans come 50 at a time: show them all.
  const more = options.getByRole('button', { name: /^Show \d+ more/ });
  const loading = options.getByRole('button', { name: 'Loading…' });
  while ((await more.count()) > 0) {
    await more.click();
    await expect(loading).toHaveCount(0); // the page asked of the background has come
  }
  const coverage = await options.evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const li of document.querySelectorAll('li.cov-ticket[data-ticket]'))
      (out[li.getAttribute('data-ticket')!] ??= []).push(
        li.querySelector('.cov-title')?.textContent ?? '',
      );
    return out;
  });
  const missing: string[] = [];
  for (const p of placed) {
    const expected = shownOnPage.get(p.key)!;
    if (!coverage[p.key]?.includes(expected)) missing.push(`${p.payload.id} (${p.key})`);
  }
  expect(missing, 'every row title shown literally in Coverage').toEqual([]);
  expect(await foreignInExtensionPage(options)).toEqual([]);
  await expectCanary(options);

  // Message-shaped titles changed nothing; URLs recorded are http(s) only.
  const after = await exportAll(options);
  for (const k of ['cycles', 'objectives', 'keyResults', 'checkIns'] as const)
    expect(after[k], `${k} untouched by the pages`).toEqual(before[k]);
  for (const t of after.tickets ?? []) if (t.url) expect(t.url).toMatch(/^https:\/\//);
  expectNoTrouble(trouble);
});

test('(a) issue views: hostile titles and labels; the picker shows the title as text; layout intact', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(90_000);
  const trouble = guard(context);
  await importStore(context, extensionId, smallStore());
  const labels = payloads.map((p) => p.text);
  const pick = (id: string) => payloads.find((p) => p.id === id)!.text;
  const titleOf: Record<string, string> = {
    'GitHub issue': pick('img-onerror-canary'),
    'Jira issue': pick('msg-clear-all'),
    'Linear issue': pick('rtl-embedded'),
  };
  const scratch = await context.newPage();
  const bodies = new Map<string, string>();
  for (const v of VIEWS)
    bodies.set(new URL(v.url).pathname, await buildView(scratch, v, titleOf[v.name]!, labels));
  await scratch.close();
  for (const glob of new Set(VIEWS.map((v) => v.glob)))
    await serve(context, glob, (url) => bodies.get(url.pathname) ?? '<!doctype html><p>none</p>');

  let ghPage: Page | undefined;
  for (const v of VIEWS) {
    const page = await context.newPage();
    await page.goto(v.url);
    const badge = ticketBadge(page, v.key);
    await expect(badge, v.name).toHaveCount(1);
    await expect(badge).not.toHaveAttribute('data-floating', 'true');
    // Of 140+ labels only the real one links; look-alikes (zero-width, RTL) do not.
    await expectCodes(badge, ['KR1.1']);
    expect(await page.locator(`${v.label}`).count()).toBe(labels.length + 1);

    // The picker shows the page's title (as the adapter read it), as text.
    const shownTitle = await page.evaluate(
      (sel) => (document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      v.titles,
    );
    await page.keyboard.press('Alt+Shift+K');
    const picker = page.locator('okr-lens-picker');
    await expect(picker).toHaveCount(1);
    expect(await picker.evaluate((p) => p.shadowRoot!.querySelector('.ticket')!.textContent)).toBe(
      shownTitle,
    );
    expect(await foreignInShadows(page), `${v.name}: shadow roots`).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(picker).toHaveCount(0);

    expectLayoutIntact(await layoutShift(page, badge, v.anchor), v.name);
    await expectCanary(page);
    if (v.name === 'GitHub issue') ghPage = page;
    else await page.close();
  }

  // Every payload through the GitHub title, re-rendered in place (as GitHub does when a title
  // is edited): the picker shows each one as text. One evaluate, so 140+ rounds stay fast.
  await ghPage!.bringToFront();
  const results = await ghPage!.evaluate(
    async (texts) => {
      // openPicker() runs a pass itself, so the new title is read at once; one frame per round
      // lets the overlay's own observer pass run too.
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const key = (type: 'keydown', init: KeyboardEventInit, target: EventTarget) =>
        target.dispatchEvent(
          new KeyboardEvent(type, { bubbles: true, composed: true, cancelable: true, ...init }),
        );
      const out: { i: number; shown: string | null; expected: string; bad: number }[] = [];
      for (const [i, text] of texts.entries()) {
        for (const t of document.querySelectorAll('[data-testid="issue-title"]'))
          t.textContent = text;
        const expected = (document.querySelector('[data-testid="issue-title"]')!.textContent ?? '')
          .replace(/\s+/g, ' ')
          .trim();
        await frame();
        key('keydown', { key: 'K', code: 'KeyK', altKey: true, shiftKey: true }, window);
        let picker: Element | null = null;
        for (let n = 0; n < 50 && !picker; n++) {
          picker = document.querySelector('okr-lens-picker');
          if (!picker) await frame();
        }
        const root = picker?.shadowRoot;
        const shown = root?.querySelector('.ticket')?.textContent ?? null;
        const bad = root
          ? root.querySelectorAll('script, img, iframe, svg, object, embed, a, [onerror], [onload]')
              .length
          : -1;
        out.push({ i, shown, expected, bad });
        const input = root?.querySelector('input');
        if (input) key('keydown', { key: 'Escape', code: 'Escape' }, input);
        for (let n = 0; n < 50 && document.querySelector('okr-lens-picker'); n++) await frame();
      }
      return out;
    },
    payloads.map((p) => p.text),
  );
  const wrong = results
    .filter((r) => r.shown !== r.expected || r.bad !== 0)
    .map(
      (r) => `${payloads[r.i]!.id}: shown ${JSON.stringify(r.shown?.slice(0, 60))} bad ${r.bad}`,
    );
  expect(wrong, 'each payload shown literally in the picker').toEqual([]);
  expect(results).toHaveLength(payloads.length);
  // The badge survived 140+ re-renders: still exactly one, still linked.
  await expect(ghPage!.locator('[data-okr-lens="ticket"]')).toHaveCount(1);
  await expectCanary(ghPage!);
  expectNoTrouble(trouble);
});

test('(a) page CSS aimed at our hosts (`*{all:unset}`, attribute rules) cannot restyle the badge', async ({
  context,
  extensionId,
}) => {
  const trouble = guard(context);
  await importStore(context, extensionId, smallStore());
  const hostileCss = `<style>
*{all:unset}
okr-lens-badge *, [data-okr-lens] *{color:red;font-size:40px;display:none}
okr-lens-badge::before, [data-okr-lens]::after{content:'pwned'}
[data-okr-lens]{float:right;font-size:60px;line-height:10}
okr-lens-picker{opacity:0.1}
</style>`;
  const benign = fixture('github/issue-view.html').replace(
    /(<a [^>]*label%3A%22)bug(%22[^>]*><span[^>]*>)bug</,
    '$1KR1.1$2KR1.1<',
  );
  const hostile = benign.replace('</head>', `${hostileCss}</head>`);
  await serve(context, 'https://github.com/**', (url) =>
    url.pathname.endsWith('/13')
      ? hostile.replace(/issues\/12|#12\b/g, (m) => m.replace('12', '13'))
      : benign,
  );
  const look = async (n: number) => {
    const page = await context.newPage();
    await page.goto(`https://github.com/acme/web/issues/${n}`);
    const badge = ticketBadge(page, GH(n));
    await expectCodes(badge, ['KR1.1', 'KR1.2', 'KR2.1']);
    // #13 is listed among #12's sub-issues: until its own labels are linked, its chips may
    // show the KRs "via #12" (wider). Compare the settled badges, each KR its own link.
    await expect
      .poll(() => badge.evaluate((h) => h.shadowRoot!.querySelectorAll('[data-via]').length))
      .toBe(0);
    const sig = await badge.evaluate((h) => {
      const chip = h.shadowRoot!.querySelector('[data-kr]')!;
      const pick = (e: Element) => {
        const s = getComputedStyle(e);
        return [
          s.display,
          s.fontSize,
          s.fontFamily,
          s.color,
          s.backgroundColor,
          s.paddingLeft,
          s.borderRadius,
          s.visibility,
          s.lineHeight,
        ].join('|');
      };
      const r = chip.getBoundingClientRect();
      return {
        host: getComputedStyle(h).display,
        chip: pick(chip),
        w: Math.round(r.width),
        h: Math.round(r.height),
      };
    });
    return { page, badge, sig };
  };
  const a = await look(12);
  const b = await look(13);
  expect(b.sig, 'chip styles on a page with hostile CSS').toEqual(a.sig);
  await expect(b.badge).toBeVisible();
  // The picker still opens and works by keyboard.
  await b.page.keyboard.press('Alt+Shift+K');
  await expect(b.page.getByRole('combobox', { name: 'Search key results' })).toBeFocused();
  await b.page.keyboard.type('KR3.1');
  await b.page.keyboard.press('Enter');
  await expect.poll(() => codesIn(b.badge)).toContain('KR3.1');
  await b.page.keyboard.press('Escape');
  expect(await foreignInShadows(b.page)).toEqual([]);
  await expectCanary(b.page);
  expectNoTrouble(trouble);
});

// Found by this suite (the hosts' inline styles were not !important, so one page rule hid the
// badge and left an invisible modal picker trapping focus); fixed in a5b90aa.
test('(a) page CSS with !important cannot hide the badge or the picker', async ({
  context,
  extensionId,
}) => {
  const trouble = guard(context);
  await importStore(context, extensionId, smallStore());
  const css =
    '<style>okr-lens-badge,[data-okr-lens]{display:none!important;visibility:hidden!important}okr-lens-picker{display:none!important}</style>';
  await serve(
    context,
    'https://github.com/**',
    fixture('github/issue-view.html').replace('</head>', `${css}</head>`),
  );
  const page = await context.newPage();
  await page.goto('https://github.com/acme/web/issues/12');
  const badge = ticketBadge(page, GH(12));
  await expectCodes(badge, ['KR1.2', 'KR2.1']);
  await expect(badge).toBeVisible();
  await page.keyboard.press('Alt+Shift+K');
  await expect(page.getByRole('combobox', { name: 'Search key results' })).toBeVisible();
  await expectCanary(page);
  expectNoTrouble(trouble);
});

test('(b) KR titles and notes the user imports or types: options, popup, badge, hover card, picker', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const trouble = guard(context);
  const ticket = GH(12);
  const store = hostileStore(ticket);
  const options = await importStore(context, extensionId, store.file);

  // Stored exactly as given: the import must not rewrite user text.
  const exported = await exportAll(options);
  const titleById = new Map(exported.keyResults!.map((k) => [k.id, k.title]));
  const changed = store.krs.filter((k) => titleById.get(k.id) !== k.title).map((k) => k.code);
  expect(changed, 'KR titles stored as imported').toEqual([]);
  expect(exported.checkIns!.map((c) => c.note).sort()).toEqual([...store.notes].sort());

  // Typed by hand in the options page: three KR titles and four check-in notes.
  await options.goto(`chrome-extension://${extensionId}/options.html#okrs`);
  const typedTitles: [string, string][] = [
    ['KR2.1', pick('img-onerror-canary')],
    ['KR2.2', pick('msg-clear-all')],
    ['KR2.3', pick('tpl-constructor')],
  ];
  for (const [code, title] of typedTitles) {
    await options.getByRole('button', { name: `Edit ${code}`, exact: true }).click();
    const dialog = options.getByRole('dialog');
    await dialog.getByLabel('Title', { exact: true }).fill(title);
    await dialog.getByRole('button', { name: 'Save key result' }).click();
    await expect(dialog).toBeHidden();
    store.krs.find((k) => k.code === code)!.title = title;
  }
  const typedNotes = ['svg-onload-canary', 'tpl-canary', 'rtl-override', 'emoji-family'].map(pick);
  for (const note of typedNotes) {
    await options.getByRole('button', { name: 'Check in on KR2.4', exact: true }).click();
    const dialog = options.getByRole('dialog', { name: 'Check in on KR2.4' });
    await dialog.getByLabel(/^Value/).fill('7');
    await dialog.getByLabel('Note').fill(note);
    await dialog.getByRole('button', { name: 'Save check-in' }).click();
    await expect(dialog).toBeHidden();
  }

  // Options, OKRs tab: every KR's title and every objective title, literally.
  const okrs = await options.evaluate(() => ({
    krs: [...document.querySelectorAll('li.kr[data-kr-code]')].map((li) => ({
      code: li.getAttribute('data-kr-code')!,
      label: li.getAttribute('aria-label'),
      title: li.querySelector('.kr-title')?.textContent,
    })),
    objectives: [...document.querySelectorAll('.objective-title')].map((e) => e.textContent ?? ''),
  }));
  expect(okrs.krs).toHaveLength(store.krs.length);
  const wrongKr = store.krs.filter((k) => {
    const shown = okrs.krs.find((s) => s.code === k.code);
    return shown?.title !== k.title || shown.label !== `${k.code} ${k.title}`;
  });
  expect(
    wrongKr.map((k) => k.code),
    'KR titles in the options page',
  ).toEqual([]);
  const objectiveMisses = store.objectives.filter(
    (o) => !okrs.objectives.some((t) => t.includes(o.title)),
  );
  expect(
    objectiveMisses.map((o) => o.id),
    'objective titles in the options page',
  ).toEqual([]);

  // Check-in history: the imported notes (KR1.1) and the typed ones (KR2.4).
  const history = async (code: string) => {
    await options.getByRole('button', { name: `Check in on ${code}`, exact: true }).click();
    const dialog = options.getByRole('dialog', { name: `Check in on ${code}` });
    const items = await dialog
      .locator('ul[aria-label="Check-in history"] > li > span.muted')
      .evaluateAll((spans) => spans.map((s) => s.textContent ?? ''));
    expect(await foreignInExtensionPage(options)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    return items;
  };
  const h11 = await history('KR1.1');
  expect(h11).toHaveLength(store.notes.length);
  const noteMisses = payloads.filter(
    (p, i) => !h11.some((li) => li.endsWith(` — ${store.notes[i]}`)),
  );
  expect(
    noteMisses.map((p) => p.id),
    'imported notes in the history',
  ).toEqual([]);
  const h24 = await history('KR2.4');
  expect(typedNotes.filter((n) => !h24.some((li) => li.endsWith(` — ${n}`)))).toEqual([]);
  expect(await foreignInExtensionPage(options)).toEqual([]);
  await expectCanary(options);

  // Coverage tab: KR titles in the table.
  await options.goto(`chrome-extension://${extensionId}/options.html#coverage`);
  await expect(options.locator('tr[data-kr]')).toHaveCount(store.krs.length);
  const covMisses = await options.evaluate(
    (krs) =>
      krs
        .filter(
          (k) =>
            !(document.querySelector(`tr[data-kr="${k.code}"] th`)?.textContent ?? '').includes(
              k.title,
            ),
        )
        .map((k) => k.code),
    store.krs,
  );
  expect(covMisses, 'KR titles in Coverage').toEqual([]);
  expect(await foreignInExtensionPage(options)).toEqual([]);

  // Popup: every KR with its title.
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('[data-ready="true"]')).toBeVisible();
  // The popup paints its first objectives, then the rest a moment later: wait for all KRs.
  await expect(popup.locator('li.popup-kr[data-kr]')).toHaveCount(store.krs.length);
  const popupKrs = await popup.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('li.popup-kr[data-kr]')].map((li) => [
        li.getAttribute('data-kr')!,
        { label: li.getAttribute('aria-label'), text: li.textContent ?? '' },
      ]),
    ),
  );
  const popupMisses = store.krs.filter(
    (k) =>
      popupKrs[k.code]?.label !== `${k.code} ${k.title}` ||
      !popupKrs[k.code]!.text.includes(k.title),
  );
  expect(
    popupMisses.map((k) => k.code),
    'KR titles in the popup',
  ).toEqual([]);
  expect(await foreignInExtensionPage(popup)).toEqual([]);
  await expectCanary(popup);

  // A GitHub issue linked to every KR: chips, hover cards, picker.
  await serve(context, 'https://github.com/**', fixture('github/issue-view.html'));
  const page = await context.newPage();
  await page.goto('https://github.com/acme/web/issues/12');
  const badge = ticketBadge(page, ticket);
  await expect.poll(async () => (await codesIn(badge)).length).toBe(store.krs.length);
  const objectiveTitle = new Map(store.objectives.map((o) => [o.id, o.title]));
  const cards = await badge.evaluate((h) =>
    [...h.shadowRoot!.querySelectorAll('[data-kr]')].map((chip) => {
      const card = h.shadowRoot!.getElementById(chip.getAttribute('aria-describedby') ?? '');
      return {
        code: chip.getAttribute('data-kr')!,
        label: chip.getAttribute('aria-label') ?? '',
        title: card?.querySelector('.title')?.textContent ?? null,
        objective: card?.querySelector('.obj')?.textContent ?? null,
      };
    }),
  );
  const cardMisses = store.krs.filter((k) => {
    const c = cards.find((x) => x.code === k.code);
    return (
      c?.title !== `${k.code} · ${k.title}` ||
      c.objective !== objectiveTitle.get(k.objectiveId) ||
      !c.label.startsWith(`${k.code} ${k.title}: `)
    );
  });
  expect(
    cardMisses.map((k) => k.code),
    'hover cards',
  ).toEqual([]);
  // A hover really shows the card (and the card is text).
  const first = badge.locator('[data-kr="KR1.1"]');
  await first.hover();
  await expect(badge.locator('[role="tooltip"]:visible')).toHaveCount(1);
  await expect(badge.locator('[role="tooltip"]:visible')).toContainText(
    store.krs[0]!.title.slice(0, 20),
  );

  await page.keyboard.press('Alt+Shift+K');
  const picker = page.locator('okr-lens-picker');
  await expect(picker.locator('li[role="option"]')).toHaveCount(store.krs.length);
  const options_ = await picker.evaluate((p) =>
    Object.fromEntries(
      [...p.shadowRoot!.querySelectorAll('li[role="option"]')].map((li) => [
        li.getAttribute('data-kr')!,
        li.textContent ?? '',
      ]),
    ),
  );
  const pickerMisses = store.krs.filter(
    (k) =>
      !options_[k.code]?.includes(k.title) ||
      !options_[k.code]!.includes(objectiveTitle.get(k.objectiveId)!),
  );
  expect(
    pickerMisses.map((k) => k.code),
    'KR titles in the picker',
  ).toEqual([]);
  expect(await foreignInShadows(page)).toEqual([]);
  await page.keyboard.press('Escape');
  expectLayoutIntact(
    await layoutShift(page, badge, '[data-testid="issue-title"]'),
    `GitHub issue with ${store.krs.length} chips`,
  );
  await expectCanary(page);
  for (const p of [options, popup]) await expectCanary(p);
  expectNoTrouble(trouble);

  function pick(id: string) {
    return payloads.find((p) => p.id === id)!.text;
  }
});

// Found by this suite (ticketsByKeys refused the whole batch when one title was over the
// schema's 2,000 characters, so no row of the page got its links; 2,000 passed, 2,001 failed);
// fixed in a5b90aa by clipping what the content script records.
test('(a) a 10 kB title on one row does not cost the other rows their badges', async ({
  context,
  extensionId,
}) => {
  const trouble = guard(context);
  await importStore(context, extensionId, smallStore());
  const spec = LISTS[0]!;
  const scratch = await context.newPage();
  const built = await buildList(
    scratch,
    { ...spec, want: 27, hostileHrefs: [] },
    [longPayload.text],
    7000,
  );
  await scratch.close();
  await serve(context, spec.glob, built.html);
  const page = await context.newPage();
  await page.goto(spec.url);
  // The fixture's rows carrying KR labels are linked and visible.
  await expect(page.locator('[data-okr-lens="row"][data-linked="true"]').first()).toBeVisible();
  expect(await foreignInShadows(page)).toEqual([]);
  await expectCanary(page);
  expectNoTrouble(trouble);
});

// Regression (fixed): lib/okr/interchange.ts parseJsonText() refuses any file containing a literal U+FFFD
// ("the file is not UTF-8 text (unreadable character at line …)"), taking it for the mark a
// lenient decoder leaves. But the options page now decodes strictly (TextDecoder fatal: true,
// entrypoints/options/App.tsx), so a U+FFFD that reaches parseJsonText is real content, and
// OKR Lens's own export writes it raw (JSON.stringify): any store holding "�" in a title, a
// note or a ticket title recorded from a tracker page (a page with a lone surrogate or
// U+FFFD in a title, as in payloads.json) exports a file that "Import" then refuses. Expected:
// export → import → export works for every stored string (README "Interchange format").
test('(b) a store holding U+FFFD in user text exports and imports again', async ({
  context,
  extensionId,
}) => {
  const options = await importStore(context, extensionId, smallStore());
  await options.goto(`chrome-extension://${extensionId}/options.html#okrs`);
  const title = payloads.find((p) => p.id === 'noncharacters')!.text;
  await options.getByRole('button', { name: 'Edit KR1.1', exact: true }).click();
  const dialog = options.getByRole('dialog');
  await dialog.getByLabel('Title', { exact: true }).fill(title);
  await dialog.getByRole('button', { name: 'Save key result' }).click();
  await expect(dialog).toBeHidden();
  await options.goto(`chrome-extension://${extensionId}/options.html#data`);
  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  await options.getByLabel('File to import').setInputFiles(await download.path());
  await options.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
});
