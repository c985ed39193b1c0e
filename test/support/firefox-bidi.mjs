#!/usr/bin/env node
// @ts-check
/**
 * What Playwright starts as "Firefox" for OKR Lens's Firefox runs (test/support/firefox.mjs
 * passes this file as `executablePath`). It starts the real Firefox (OKR_LENS_FIREFOX_BINARY)
 * with the same arguments and stands between Playwright and Firefox's WebDriver BiDi socket,
 * forwarding every message, with three additions:
 *
 * 1. Extension: when Playwright's session starts, the build in OKR_LENS_FIREFOX_EXTENSION is
 *    installed as a temporary add-on (BiDi `webExtension.install`, as about:debugging's "Load
 *    Temporary Add-on" does) before Playwright gets its answer: the extension is there when
 *    the launch returns, on stock Firefox too (no signing needed).
 * 2. moz-extension pages: BiDi refuses `browsingContext.navigate` to them ("not allowed in this
 *    context"; ESR 140 still allows it, and is asked first). Such a navigation is then done
 *    here by the browser itself (the tab's loadURI with
 *    the system principal, as when the user opens the options page from the add-ons manager),
 *    and answered with that navigation's id, so `page.goto('moz-extension://…')` works as
 *    `page.goto('chrome-extension://…')` does in Chromium. Firefox runs with
 *    `--remote-allow-system-access` for this (chrome-scope script in the browser window).
 * 3. Events of moz-extension documents: Firefox's BiDi only starts watching a document of the
 *    extension process once a command names its tab, so Playwright would wait forever for its
 *    realm and its `load`. When such a document commits, a harmless command (read
 *    `document.readyState`) wakes it; lifecycle events it missed meanwhile (DOMContentLoaded,
 *    load) are then sent as Firefox would have.
 * 4. Commands newer than this Firefox: Playwright 1.65 speaks the BiDi of Firefox 159; ESR 153
 *    answers "unknown command" to a few emulation commands Playwright sends when a context
 *    opens (colour scheme, screen), and ESR 140 also to `network.addDataCollector` (response
 *    bodies, sent when the browser starts). Those are answered as done (they change nothing
 *    the tests rely on); any other unknown command stays an error.
 *
 * 5. `fill` on React inputs: Playwright types text into Firefox by setting `input.value` from
 *    script in the page's own world, where React's value tracker sees the write, so React
 *    ignores the `input` event that follows and the form keeps its old state. The script it
 *    injects is passed on with that write made through the prototype's setter (as a user's
 *    typing does, unseen by the tracker).
 * 6. Downloads: Playwright pairs `downloadWillBegin` with `downloadEnd` by the events' `download`
 *    id (newer BiDi); Firefox 153 sends neither that nor a navigation id for a download started
 *    by a link click, so Playwright dropped them. An id is added here, keyed by the URL.
 *
 * Plain messages, no protocol of its own: drop this file and point Playwright at a Firefox whose
 * BiDi matches and only the extension install and moz-extension navigation would be missing.
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { WebSocket, WebSocketServer } from 'ws';

/** Commands answered as done when this Firefox does not know them (see 4. above). */
const TOLERATED = new Set([
  // Firefox ESR 140 (what some Debian archives still carry): Playwright asks it to keep
  // response bodies, which no test of ours reads in Firefox, and where to save downloads,
  // which ESR 140 does not report (test/e2e/fixtures.ts `downloaded` reads them in the page).
  'network.addDataCollector',
  'browser.setDownloadBehavior',
  'emulation.setMediaFeaturesOverride',
  'emulation.setScreenSettingsOverride',
  'emulation.setScreenOrientationOverride',
  // Also unknown to ESR 140: the machine's own locale, time zone and agent are what the
  // tests expect anyway (en-US, UTC).
  'emulation.setLocaleOverride',
  'emulation.setTimezoneOverride',
  'emulation.setUserAgentOverride',
]);
/** The lifecycle events of a document: BiDi name, DOM event, the readyStates at or after it. */
const LIFECYCLE = [
  ['domContentLoaded', 'DOMContentLoaded', "['interactive', 'complete']"],
  ['load', 'load', "['complete']"],
];
/** Playwright's insertText writes (see 5. above) and the same writes past React's tracker. */
const SET_VALUE = [
  ['inputElement.value += text;', 'okrLensSetValue(inputElement, inputElement.value + text);'],
  ['inputElement.value = value;', 'okrLensSetValue(inputElement, value);'],
  [
    'function bidiInsertText(window, text) {',
    'function okrLensSetValue(el, v) { Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value").set.call(el, v); }\nfunction bidiInsertText(window, text) {',
  ],
];
/** @param {string} text A message from Playwright, as sent. */
const patchInsertText = (text) =>
  text.includes('function bidiInsertText(')
    ? SET_VALUE.reduce(
        (t, [from, to]) =>
          t.split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1)),
        text,
      )
    : text;
/** Ids of the messages this file sends itself: far above Playwright's counter. */
let ownId = 2 ** 40;
const MAX_PAYLOAD = 512 * 1024 * 1024;

const binary = process.env.OKR_LENS_FIREFOX_BINARY || '/usr/bin/firefox-esr';
const extension = process.env.OKR_LENS_FIREFOX_EXTENSION || '';
const TABS = process.env.OKR_LENS_FIREFOX_TABS !== '0';
/** OKR_LENS_BIDI_LOG=file: every message both ways, for debugging this file. */
const logFile = process.env.OKR_LENS_BIDI_LOG;
const log = logFile
  ? (/** @type {string} */ line) => appendFileSync(logFile, `${Date.now()} ${line.slice(0, 400)}\n`)
  : () => {};

const firefox = spawn(binary, [...process.argv.slice(2), '--remote-allow-system-access'], {
  stdio: ['ignore', 'inherit', 'pipe'],
});
firefox.on('error', (e) => {
  process.stderr.write(`Cannot start ${binary}: ${e.message}\n`);
  process.exit(1);
});
firefox.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const sig of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP']))
  process.on(sig, () => firefox.kill(sig));

// Firefox announces its socket on stderr; Playwright reads ours and must get the proxy's.
let pending = '';
firefox.stderr.on('data', (chunk) => {
  pending += chunk.toString();
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    const m = line.match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
    if (m?.[1]) listen(m[1]);
    else process.stderr.write(line + '\n');
  }
});

/** @param {string} upstreamBase */
function listen(upstreamBase) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: MAX_PAYLOAD });
  server.on('listening', () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    process.stderr.write(`WebDriver BiDi listening on ws://127.0.0.1:${port}\n`);
  });
  server.on('connection', (client, req) => {
    const upstream = new WebSocket(upstreamBase + (req.url ?? '/session'), {
      maxPayload: MAX_PAYLOAD,
    });
    bridge(client, upstream);
  });
}

/**
 * One Playwright connection and its Firefox connection.
 * @param {WebSocket} client
 * @param {WebSocket} upstream
 */
function bridge(client, upstream) {
  /** @type {string[]} */
  const queue = [];
  /** Methods of Playwright's commands in flight, by id. */
  const methods = new Map();
  /** Contexts Playwright asked to close, by command id. */
  const closing = new Map();
  /** Answers awaited by this file's own commands, by id. */
  const own = new Map();
  /** Listeners for Firefox's events (moz-extension navigations wait for theirs). */
  const watchers = new Set();
  /** Chrome-scope contexts: their events are none of Playwright's business. */
  const chromeContexts = new Set();
  /** Top-level content contexts as last announced (contextCreated, then their URL). */
  const contexts = new Map();

  const toFirefox = (/** @type {object} */ msg) => {
    const text = JSON.stringify(msg);
    log(`→ff ${text}`);
    if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
    else queue.push(text);
  };
  const toPlaywright = (/** @type {object} */ msg) => {
    log(`→pw ${JSON.stringify(msg)}`);
    if (client.readyState === WebSocket.OPEN) client.send(JSON.stringify(msg));
  };
  /** @returns {Promise<any>} */
  const command = (/** @type {string} */ method, /** @type {object} */ params) =>
    new Promise((resolve, reject) => {
      const id = ownId++;
      own.set(id, { resolve, reject });
      toFirefox({ id, method, params });
    });

  /** A chrome-scope context (the browser window) to run privileged script in. */
  /** @type {string | undefined} */
  let chromeContext;
  const chrome = async () => {
    if (!chromeContext) {
      const tree = await command('browsingContext.getTree', { maxDepth: 0, 'moz:scope': 'chrome' });
      for (const c of tree.contexts) chromeContexts.add(c.context);
      chromeContext = tree.contexts[0]?.context;
      if (!chromeContext) throw new Error('no browser window');
    }
    return chromeContext;
  };

  /** Load a moz-extension URL in a tab as the browser does, answer with its navigation id. */
  const navigateExtensionPage = async (/** @type {{ context: string, url: string }} */ p) => {
    const target = p.url.split('#')[0];
    const started = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        watchers.delete(watch);
        reject(new Error(`no navigation to ${p.url} within 30 s`));
      }, 30_000);
      const watch = (/** @type {any} */ ev) => {
        const q = ev.params;
        if (q?.context !== p.context || String(q.url).split('#')[0] !== target) return;
        if (ev.method === 'browsingContext.navigationFailed') {
          reject(new Error(`navigation to ${p.url} failed`));
        } else if (
          ev.method !== 'browsingContext.navigationStarted' &&
          ev.method !== 'browsingContext.fragmentNavigated'
        )
          return;
        else resolve({ navigation: q.navigation, url: q.url });
        clearTimeout(timer);
        watchers.delete(watch);
      };
      watchers.add(watch);
    });
    const script = `(() => {
      // Firefox 141+ finds tabs by their BiDi id in NavigableManager, ESR 140 in TabManager.
      let manager;
      try {
        manager = ChromeUtils.importESModule('chrome://remote/content/shared/NavigableManager.sys.mjs').NavigableManager;
      } catch {
        manager = ChromeUtils.importESModule('chrome://remote/content/shared/TabManager.sys.mjs').TabManager;
      }
      const browser = manager.getBrowserById(${JSON.stringify(p.context)});
      if (!browser) throw new Error('no such tab');
      browser.loadURI(Services.io.newURI(${JSON.stringify(p.url)}), {
        triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
      });
    })()`;
    const r = await command('script.evaluate', {
      expression: script,
      target: { context: await chrome() },
      awaitPromise: false,
    });
    if (r.type === 'exception') throw new Error(r.exceptionDetails?.text ?? 'loadURI failed');
    return started;
  };

  /** Ids given to downloads Firefox left without one (see 6. above), by URL. */
  const downloads = new Map();
  let downloadCount = 0;
  const nameDownload = (/** @type {any} */ msg) => {
    const p = msg.params;
    if (p.download || p.navigation) return;
    if (msg.method === 'browsingContext.downloadWillBegin')
      downloads.set(p.url, `okr-lens-download-${++downloadCount}`);
    p.download = downloads.get(p.url);
    if (msg.method === 'browsingContext.downloadEnd') downloads.delete(p.url);
  };

  /** Lifecycle events Firefox did send, by navigation id. */
  const seen = new Map();
  /**
   * Make Firefox watch the extension document just committed (see 3. above) and send the
   * lifecycle events it missed.
   * @param {{ context: string, navigation: string | null, url: string }} p
   */
  const wakeExtensionDocument = async (p) => {
    for (const [kind, event, ready] of LIFECYCLE) {
      // Resolves once the document is at least `ready`; the first call is what wakes it.
      const r = await command('script.evaluate', {
        expression: `new Promise((done) => {
          const ok = () => ${ready}.includes(document.readyState);
          if (ok()) done(true); else addEventListener('${event}', () => done(true), { once: true });
        })`,
        target: { context: p.context },
        awaitPromise: true,
      }).catch(() => undefined);
      if (r?.result?.value !== true) return; // navigated away or closed: Firefox says the rest
      if (seen.get(p.navigation)?.has(kind)) continue;
      log(`synthesized ${kind} for ${p.url}`);
      toPlaywright({
        type: 'event',
        method: `browsingContext.${kind}`,
        params: { context: p.context, navigation: p.navigation, timestamp: Date.now(), url: p.url },
      });
    }
  };

  /** Playwright's session.new answer, held until the extension is installed. */
  const afterSessionNew = async (/** @type {any} */ answer) => {
    if (answer.type !== 'success' || !extension) return answer;
    try {
      await command('webExtension.install', { extensionData: { type: 'path', path: extension } });
      return answer;
    } catch (e) {
      const message = `OKR Lens: installing ${extension} as a temporary add-on failed: ${/** @type {Error} */ (e).message}`;
      process.stderr.write(message + '\n');
      return { type: 'error', id: answer.id, error: 'unknown error', message };
    }
  };

  upstream.on('open', () => {
    for (const text of queue.splice(0)) upstream.send(text);
  });
  upstream.on('message', (data) => {
    log(`ff: ${data.toString()}`);
    const msg = JSON.parse(data.toString());
    if (msg.type === 'event') {
      for (const w of [...watchers]) w(msg);
      const ctx = msg.params?.context ?? msg.params?.source?.context;
      if (chromeContexts.has(ctx) || msg.params?.['moz:scope'] === 'chrome') return;
      if (msg.method === 'browsingContext.contextCreated' && !msg.params.parent)
        contexts.set(ctx, msg.params);
      if (msg.method === 'browsingContext.navigationCommitted' && contexts.has(ctx))
        contexts.get(ctx).url = msg.params.url;
      if (msg.method === 'browsingContext.contextDestroyed') contexts.delete(ctx);
      if (/^browsingContext\.download(WillBegin|End)$/.test(msg.method)) nameDownload(msg);
      const kind = /^browsingContext\.(domContentLoaded|load)$/.exec(msg.method)?.[1];
      if (kind && msg.params.navigation) {
        if (!seen.has(msg.params.navigation)) seen.set(msg.params.navigation, new Set());
        seen.get(msg.params.navigation).add(kind);
      }
      toPlaywright(msg);
      if (
        msg.method === 'browsingContext.navigationCommitted' &&
        /^moz-extension:/.test(msg.params.url)
      )
        void wakeExtensionDocument(msg.params);
      return;
    }
    if (own.has(msg.id)) {
      const { resolve, reject } = own.get(msg.id);
      own.delete(msg.id);
      if (msg.type === 'success') resolve(msg.result);
      else reject(new Error(`${msg.error}: ${msg.message}`));
      return;
    }
    const method = methods.get(msg.id);
    methods.delete(msg.id);
    if (msg.type === 'error' && msg.error === 'unknown command' && TOLERATED.has(method))
      return toPlaywright({ type: 'success', id: msg.id, result: {} });
    if (method === 'session.new') return void afterSessionNew(msg).then(toPlaywright);
    toPlaywright(msg);
    if (method === 'browsingContext.close' && msg.type === 'success') {
      const closed = closing.get(msg.id);
      closing.delete(msg.id);
      // Firefox does not announce the end of an extension page's tab: say it if it stays silent.
      setTimeout(() => {
        const info = contexts.get(closed);
        if (!info) return;
        contexts.delete(closed);
        log(`synthesized contextDestroyed for ${info.url}`);
        toPlaywright({
          type: 'event',
          method: 'browsingContext.contextDestroyed',
          params: { ...info, children: [] },
        });
      }, 1000);
    }
  });
  client.on('message', (data) => {
    log(`pw: ${data.toString()}`);
    const msg = JSON.parse(patchInsertText(data.toString()));
    if (msg.method === 'browsingContext.navigate' && /^moz-extension:/.test(msg.params?.url)) {
      // Asked of Firefox first: ESR 140 navigates there itself; newer ones refuse, and the
      // browser loads the page instead.
      command('browsingContext.navigate', msg.params)
        .catch(() => navigateExtensionPage(msg.params))
        .then(
          (result) => toPlaywright({ type: 'success', id: msg.id, result }),
          (e) =>
            toPlaywright({ type: 'error', id: msg.id, error: 'unknown error', message: e.message }),
        );
      return;
    }
    methods.set(msg.id, msg.method);
    if (msg.method === 'browsingContext.close') closing.set(msg.id, msg.params?.context);
    if (msg.method === 'browsingContext.create' && msg.params?.type === 'window' && TABS)
      msg.params = { ...msg.params, type: 'tab' };
    toFirefox(msg);
  });
  const closeBoth = () => {
    client.close();
    upstream.close();
  };
  upstream.on('close', closeBoth);
  client.on('close', closeBoth);
  upstream.on('error', closeBoth);
  client.on('error', closeBoth);
}
