/**
 * CSS for the badges the overlay draws inside its shadow roots (the picker's is in
 * picker-styles.ts, loaded with the picker). One string, adopted by every root as one shared
 * constructed stylesheet (cheap for a thousand rows). Colours follow the host's
 * theme (`data-theme` on the host element) and sit between Primer, Atlaskit and Linear:
 * small, rounded, system font, no shadows on badges.
 */
export const overlayCss = `
:host {
  all: initial;
  --ol-fg: #1f2328;
  --ol-muted: #59636e;
  --ol-bg: #ffffff;
  --ol-chip: #f6f8fa;
  --ol-border: #d0d7de;
  --ol-accent: #0969da;
  --ol-green: #1a7f37;
  --ol-yellow: #bf8700;
  --ol-red: #cf222e;
  --ol-blue: #0969da;
  --ol-grey: #8c959f;
  --ol-shadow: 0 8px 24px rgba(140, 149, 159, 0.3);
}
/* Typography on our own top-level elements, not :host: the host's inline "all: initial"
   (which keeps page CSS out) would beat a :host rule. */
.badge, .floating, .row-badge, .backdrop {
  font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans', Helvetica, Arial, sans-serif;
  font-size: 12px;
  font-weight: 400;
  line-height: 18px;
  color: var(--ol-fg);
  text-align: left;
}
:host([data-theme='dark']) {
  --ol-fg: #e6edf3;
  --ol-muted: #9198a1;
  --ol-bg: #151b23;
  --ol-chip: #212830;
  --ol-border: #3d444d;
  --ol-accent: #4493f8;
  --ol-green: #3fb950;
  --ol-yellow: #d29922;
  --ol-red: #f85149;
  --ol-blue: #4493f8;
  --ol-grey: #6e7681;
  --ol-shadow: 0 8px 24px rgba(1, 4, 9, 0.6);
}
* { box-sizing: border-box; }
button { font: inherit; color: inherit; }
:focus-visible { outline: 2px solid var(--ol-accent); outline-offset: 1px; }
.badge { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 4px; vertical-align: middle; position: relative; }
.chip {
  display: inline-flex; align-items: center; gap: 5px; max-width: 260px;
  height: 22px; padding: 0 8px; border: 1px solid var(--ol-border); border-radius: 11px;
  background: var(--ol-chip); cursor: pointer; white-space: nowrap;
}
.chip:hover { border-color: var(--ol-muted); }
.code { font-weight: 600; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11px; }
.short { overflow: hidden; text-overflow: ellipsis; color: var(--ol-muted); }
.dot { flex: none; width: 8px; height: 8px; border-radius: 50%; background: var(--ol-grey); }
.dot.s-on-track { background: var(--ol-green); }
.dot.s-at-risk { background: var(--ol-yellow); }
.dot.s-off-track { background: var(--ol-red); }
.dot.s-done { background: var(--ol-blue); }
.dot.s-no-data { background: transparent; border: 1.5px solid var(--ol-grey); }
.link-btn {
  display: inline-flex; align-items: center; gap: 5px; height: 22px; padding: 0 8px;
  border: 1px dashed var(--ol-border); border-radius: 11px; background: transparent;
  color: var(--ol-muted); cursor: pointer; white-space: nowrap;
}
.link-btn:hover { color: var(--ol-fg); border-color: var(--ol-muted); }
.edit-btn {
  display: inline-flex; align-items: center; justify-content: center;
  width: 22px; height: 22px; padding: 0; border: 1px solid var(--ol-border); border-radius: 11px;
  background: var(--ol-chip); color: var(--ol-fg); font-size: 14px; line-height: 1; cursor: pointer;
}
.edit-btn:hover { border-color: var(--ol-border); color: var(--ol-fg); }
.row-badge { display: inline-flex; gap: 4px; vertical-align: middle; margin-left: 6px; }
.row-chip {
  display: inline-flex; align-items: center; gap: 4px; height: 18px; padding: 0 6px;
  border: 1px solid var(--ol-border); border-radius: 9px; background: var(--ol-chip);
  font-size: 11px; line-height: 16px; white-space: nowrap;
}
.row-chip .dot { width: 6px; height: 6px; }
/* Served through a parent (a via link): dashed, "via KEY" after the code. */
.chip.inherited, .row-chip.inherited { border-style: dashed; }
.via { color: var(--ol-muted); font-size: 10px; white-space: nowrap; }
.floating {
  position: fixed; top: 12px; right: 12px; z-index: 2147483000; padding: 6px 8px;
  border: 1px solid var(--ol-border); border-radius: 8px; background: var(--ol-bg); box-shadow: var(--ol-shadow);
  display: flex; align-items: center; gap: 6px;
}
.floating .who { color: var(--ol-muted); font-size: 11px; }
.card {
  position: absolute; top: calc(100% + 6px); left: 0; z-index: 2147483000; width: 300px;
  padding: 10px 12px; border: 1px solid var(--ol-border); border-radius: 8px;
  background: var(--ol-bg); box-shadow: var(--ol-shadow); white-space: normal; text-align: left;
}
.card[hidden] { display: none; }
.card .obj { color: var(--ol-muted); font-size: 11px; margin-bottom: 2px; }
.card .title { font-weight: 600; margin-bottom: 8px; overflow-wrap: anywhere; }
.track { position: relative; height: 6px; border-radius: 3px; background: var(--ol-chip); border: 1px solid var(--ol-border); }
.fill { height: 100%; border-radius: 3px; background: var(--ol-grey); }
.fill.s-on-track { background: var(--ol-green); }
.fill.s-at-risk { background: var(--ol-yellow); }
.fill.s-off-track { background: var(--ol-red); }
.fill.s-done { background: var(--ol-blue); }
.pace { position: absolute; top: -4px; width: 2px; height: 12px; background: var(--ol-fg); }
.figures { display: flex; justify-content: space-between; margin-top: 4px; color: var(--ol-muted); font-size: 11px; }
.status { margin-top: 6px; font-weight: 600; }
.from-label { color: var(--ol-muted); font-size: 11px; margin-top: 4px; }
/* A link's label still owed to the tracker: inline in the chip, no layout of its own. */
.delivery { font-size: 10px; line-height: 14px; padding: 0 4px; border-radius: 7px; border: 1px solid currentColor; }
.delivery.d-pending { color: var(--ol-muted); }
.delivery.d-failed { color: var(--ol-red); }

`;

/** One constructed sheet per CSS text, shared by every shadow root that adopts it. */
const sheets = new Map<string, CSSStyleSheet>();

function sheetOf(css: string): CSSStyleSheet {
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  return sheet;
}

/**
 * Attach the overlay stylesheet (and `extra`, e.g. the picker's) to a shadow root: one shared
 * constructed sheet for all roots, parsed once per page; a `<style>` per root where
 * constructable stylesheets are missing or refused (old engines, some test DOMs).
 */
export function adoptStyles(root: ShadowRoot, ...extra: string[]): void {
  const texts = [overlayCss, ...extra];
  try {
    root.adoptedStyleSheets = texts.map(sheetOf);
  } catch {
    for (const css of texts) {
      const style = document.createElement('style');
      style.textContent = css;
      root.append(style);
    }
  }
}
