/**
 * Badge hosts and their content. Plain DOM, not React: a list page can hold a thousand rows and
 * the content script must stay small (README "Speed"). All page and user text goes through
 * `textContent`, never HTML.
 *
 * Contract (README "Badge hosts"): every host carries `data-okr-lens` ("ticket" | "row") and
 * `data-ticket` (the canonical key); the UI lives in an open shadow root.
 */
import type { Delivery, LinkedKr } from '../okr/dto';
import { statusLabels } from '../okr/progress';
import { percent } from '../okr/format';
import { shortKey } from '../okr/ticket-key';
import { valueText as numberText } from './figures';
import { adoptStyles } from './styles';

export const HOST_TAG = 'okr-lens-badge';
export type HostMode = 'ticket' | 'row';
export type Theme = 'light' | 'dark';

export interface HostOptions {
  mode: HostMode;
  key: string;
  floating?: boolean;
  /** On a line of its own (Anchor.block). */
  block?: boolean;
  theme: Theme;
}

export function createHost(opts: HostOptions): HTMLElement {
  const host = document.createElement(HOST_TAG);
  host.setAttribute('data-okr-lens', opts.mode);
  host.setAttribute('data-ticket', opts.key);
  host.setAttribute('data-theme', opts.theme);
  if (opts.floating) host.setAttribute('data-floating', 'true');
  // Inline layout only: the host must never shift or break the page's own layout. Every
  // declaration is !important: inline important declarations beat any rule of the page, so
  // page CSS (hostile or just broad) cannot hide or restyle the badge.
  host.style.cssText = hostCss(opts);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  if (opts.mode === 'ticket') {
    // The badge often sits inside clickable or draggable tracker UI (Jira's inline-edit
    // header, cards): our clicks and keys must not reach it.
    for (const type of ['click', 'mousedown', 'pointerdown', 'dragstart', 'keydown', 'keyup'])
      host.addEventListener(type, (e) => e.stopPropagation());
    host.draggable = false;
  }
  return host;
}

/** The host's inline style per kind of host, made once (a list makes hundreds of hosts). */
const hostCssByKind = new Map<string, string>();
function hostCss(opts: HostOptions): string {
  const kind = `${opts.mode} ${opts.floating === true} ${opts.block === true}`;
  let css = hostCssByKind.get(kind);
  if (css === undefined) {
    css = important(
      opts.floating
        ? 'all: initial; display: contents'
        : `all: initial; display: inline-block; vertical-align: middle; ${margin(opts)}`,
    );
    hostCssByKind.set(kind, css);
  }
  return css;
}

function margin(opts: HostOptions): string {
  if (opts.block) return opts.mode === 'row' ? 'margin: 4px 0 2px 0' : 'margin: 4px 0 8px 0';
  return `margin-left: ${opts.mode === 'row' ? '4px' : '8px'}`;
}

/** A new element with an optional class and text (as text, never HTML). */
export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string,
  text?: string,
): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

const shortTitle = (t: string, max = 28) => (t.length > max ? `${t.slice(0, max - 1)}…` : t);

function valueText(kr: LinkedKr): string {
  const v = kr.evaluation.value;
  if (kr.kind === 'milestone') return v !== undefined && v >= 1 ? 'done' : 'not done';
  return numberText(v, kr.unit);
}

/** The hover/focus card of one KR: objective, progress against pace, status. */
function card(kr: LinkedKr, id: string): HTMLElement {
  const c = el('div', 'card');
  c.id = id;
  c.hidden = true;
  c.setAttribute('role', 'tooltip');
  c.append(el('div', 'obj', kr.objectiveTitle));
  c.append(el('div', 'title', `${kr.code} · ${kr.title}`));
  const track = el('div', 'track');
  const fill = el('div', `fill s-${kr.evaluation.status}`);
  fill.style.width = percent(Math.min(1, kr.evaluation.progress));
  const pace = el('div', 'pace');
  pace.style.left = percent(Math.min(1, kr.evaluation.expected));
  track.append(fill, pace);
  c.append(track);
  const figures = el('div', 'figures');
  figures.append(
    el('span', undefined, `${percent(kr.evaluation.progress)} done · now ${valueText(kr)}`),
    el('span', undefined, `expected ${percent(kr.evaluation.expected)}`),
  );
  c.append(figures);
  const status = el(
    'div',
    'status',
    statusLabels[kr.evaluation.status] + (kr.evaluation.stale ? ' · stale' : ''),
  );
  c.append(status);
  if (kr.owner) c.append(el('div', 'from-label', `Owner: ${kr.owner}`));
  if (kr.via !== undefined)
    c.append(el('div', 'from-label', `Through its parent ${shortKey(kr.via)} (linked there)`));
  else if (kr.source === 'label') c.append(el('div', 'from-label', 'Linked by a tracker label'));
  else if (kr.source === 'tracker')
    c.append(el('div', 'from-label', 'Linked by the team (a label in the tracker)'));
  if (kr.delivery) c.append(el('div', 'from-label', deliveryText(kr.delivery)));
  return c;
}

/** What a label still owed for a link says (README "Team links"). */
export function deliveryText(d: Delivery): string {
  return d.state === 'pending'
    ? 'Label pending: OKR Lens will write it to the tracker'
    : `Label not written: ${d.reason ?? 'unknown reason'} (Settings → Connections to retry)`;
}

/** The small chip of an owed label, inside a KR chip (accessible text via its aria-label). */
function deliveryChip(d: Delivery, compact: boolean): HTMLElement {
  const chip = el(
    'span',
    `delivery d-${d.state}`,
    compact ? (d.state === 'pending' ? '…' : '!') : d.state,
  );
  chip.setAttribute('data-delivery', d.state);
  chip.title = deliveryText(d);
  return chip;
}

const deliveryAria = (d: Delivery | undefined): string =>
  !d
    ? ''
    : d.state === 'pending'
      ? ', label pending'
      : `, label not written: ${d.reason ?? 'unknown reason'}`;

let cardSeq = 0;

/**
 * Fill a ticket view's host: one chip per linked KR (click → picker, hover/focus → card) and
 * an edit button; or, unlinked, the quiet "Link to key result" control.
 */
export function renderTicketBadge(
  host: HTMLElement,
  krs: readonly LinkedKr[] | undefined,
  onOpenPicker: () => void,
  label?: string,
): void {
  const root = host.shadowRoot!;
  const wrap = el('span', host.hasAttribute('data-floating') ? 'floating' : 'badge');
  wrap.setAttribute('role', 'group');
  wrap.setAttribute('aria-label', 'OKR Lens key results');
  if (label) wrap.append(el('span', 'who', label));
  host.setAttribute('data-linked', krs && krs.length > 0 ? 'true' : 'false');
  if (!krs || krs.length === 0) {
    const b = el('button', 'link-btn');
    b.type = 'button';
    b.setAttribute('aria-label', 'Link to key result');
    b.title = 'Link this ticket to a key result (Alt+Shift+K)';
    const dot = el('span', 'dot s-no-data');
    b.append(dot, el('span', undefined, krs ? 'Link to key result' : 'OKR Lens…'));
    b.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      onOpenPicker();
    });
    wrap.append(b);
  } else {
    for (const kr of krs) {
      const holder = el('span');
      holder.style.position = 'relative';
      const chip = el('button', 'chip');
      chip.type = 'button';
      chip.setAttribute('data-kr', kr.code);
      const cardId = `okr-lens-card-${++cardSeq}`;
      chip.setAttribute('aria-describedby', cardId);
      chip.setAttribute(
        'aria-label',
        `${kr.code} ${kr.title}: ${statusLabels[kr.evaluation.status]}${kr.evaluation.stale ? ', stale' : ''}${viaText(kr, ', ')}${deliveryAria(kr.delivery)}. Edit key results`,
      );
      chip.append(
        el('span', `dot s-${kr.evaluation.status}`),
        el('span', 'code', kr.code),
        el('span', 'short', shortTitle(kr.title)),
      );
      markVia(chip, kr);
      if (kr.delivery) chip.append(deliveryChip(kr.delivery, false));
      const c = card(kr, cardId);
      const show = () => (c.hidden = false);
      const hide = () => (c.hidden = true);
      chip.addEventListener('mouseenter', show);
      chip.addEventListener('mouseleave', hide);
      chip.addEventListener('focus', show);
      chip.addEventListener('blur', hide);
      chip.addEventListener('click', (e) => {
        e.preventDefault();
        e.stopPropagation();
        onOpenPicker();
      });
      holder.append(chip, c);
      wrap.append(holder);
    }
    const edit = el('button', 'edit-btn', '+');
    edit.type = 'button';
    edit.setAttribute('aria-label', 'Edit key results');
    edit.title = 'Add or remove key results (Alt+Shift+K)';
    edit.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      onOpenPicker();
    });
    wrap.append(edit);
  }
  root.replaceChildren(
    ...(root.adoptedStyleSheets?.length ? [] : [...root.querySelectorAll('style')]),
    wrap,
  );
}

/**
 * Fill a list row's or card's host: compact codes of linked KRs; nothing when unlinked.
 * `listedUnder`: the parent whose view lists this row; its "via" goes unsaid (still dashed,
 * and named in the chip's title and the label for screen readers).
 */
export function renderRowBadge(
  host: HTMLElement,
  krs: readonly LinkedKr[] | undefined,
  listedUnder?: string,
): void {
  const root = host.shadowRoot!;
  const keep = root.adoptedStyleSheets?.length ? [] : [...root.querySelectorAll('style')];
  const linked = !!krs && krs.length > 0;
  host.setAttribute('data-linked', linked ? 'true' : 'false');
  // A new host is already inline-block: touch its style only when that changes.
  const display = linked ? 'inline-block' : 'none';
  if (host.style.getPropertyValue('display') !== display)
    host.style.setProperty('display', display, 'important');
  if (!linked) {
    root.replaceChildren(...keep);
    return;
  }
  const wrap = el('span', 'row-badge');
  wrap.setAttribute('role', 'note');
  wrap.setAttribute(
    'aria-label',
    `Key results: ${krs.map((k) => `${k.code}${viaText(k, ' ')}${deliveryAria(k.delivery)}`).join(', ')}`,
  );
  krs.forEach((kr, i) => {
    const chip = el('span', 'row-chip');
    chip.setAttribute('data-kr', kr.code);
    chip.title = `${kr.code} ${kr.title} — ${kr.objectiveTitle} · ${statusLabels[kr.evaluation.status]} (${percent(kr.evaluation.progress)} done, ${percent(kr.evaluation.expected)} expected)${viaText(kr, ' · ')}`;
    chip.append(el('span', `dot s-${kr.evaluation.status}`), el('span', 'code', kr.code));
    // Rows are narrow: "via KEY" once, after the last of a run of chips through one parent.
    markVia(chip, kr, krs[i + 1]?.via !== kr.via && kr.via !== listedUnder);
    if (kr.delivery) {
      chip.append(deliveryChip(kr.delivery, true));
      chip.title += ` — ${deliveryText(kr.delivery)}`;
    }
    wrap.append(chip);
  });
  root.replaceChildren(...keep, wrap);
}

/** "via ENG-100" after `sep` for a KR served through a parent; '' for the ticket's own. */
const viaText = (kr: LinkedKr, sep: string) =>
  kr.via === undefined ? '' : `${sep}via ${shortKey(kr.via)}`;

/**
 * A chip of a KR served through a parent (README "Work hierarchy"): dashed, "via ENG-100"
 * after its code, `data-via` the parent's key.
 */
function markVia(chip: HTMLElement, kr: LinkedKr, sayVia = true): void {
  if (kr.via === undefined) return;
  chip.classList.add('inherited');
  chip.setAttribute('data-via', kr.via);
  if (sayVia) chip.querySelector('.code')!.after(el('span', 'via', `via ${shortKey(kr.via)}`));
}

/** `a: b; c: d` → `a: b !important; c: d !important`. */
export function important(css: string): string {
  return css
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => `${d} !important`)
    .join('; ');
}
