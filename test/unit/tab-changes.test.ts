/**
 * Changes told to tracker tabs directly (lib/background/tab-changes.ts): a tab hears of the
 * repositories/projects it asked about, every known tab of a change that may touch anything,
 * the extension's pages keep the revision, a tab that stopped listening is forgotten, and the
 * record outlives a stopped service worker. The content script's side checks what it hears.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as store from '@/lib/db';
import type { OkrDb } from '@/lib/db';
import { announced, handle } from '@/lib/background/server';
import { resetTabs, tabsSaved } from '@/lib/background/tab-changes';
import { REVISION_KEY, TAB_CHANGE, onTabChanges } from '@/lib/protocol';
import type { Revision } from '@/lib/protocol';
import { closeDbs, freshDb, fullFile } from './helpers/db';

const J = (k: string) => `jira:acme.atlassian.net/${k}`;
const G = (n: number) => `github:github.com/acme/app#${n}`;
const JIRA_TAB = {
  id: fakeBrowser.runtime.id,
  url: 'https://acme.atlassian.net/browse/GRW-1',
  tab: { id: 11 },
};
const GITHUB_TAB = {
  id: fakeBrowser.runtime.id,
  url: 'https://github.com/acme/app/issues',
  tab: { id: 12 },
};

let db: OkrDb;
let sent: { tabId: number; message: unknown }[];
/** Tabs whose content script is gone: a send to them fails. */
let gone: Set<number>;

beforeEach(async () => {
  fakeBrowser.reset();
  resetTabs();
  db = freshDb();
  await store.importFile(db, fullFile());
  sent = [];
  gone = new Set();
  const fakeSend = (tabId: number, message: unknown): Promise<unknown> => {
    if (gone.has(tabId)) return Promise.reject(new Error('Receiving end does not exist.'));
    sent.push({ tabId, message });
    return Promise.resolve({ ok: true, value: null });
  };
  // sendMessage's typings include a callback overload returning void; the Promise is meant.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(fakeSend);
});
afterEach(async () => {
  await announced(); // a test's last announcements land before the next test's store
  vi.restoreAllMocks();
  await closeDbs();
});

async function deliver(message: unknown, sender: object) {
  const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender, () => {});
  const answer = (await answers[0]) as { ok: boolean };
  expect(answer.ok, JSON.stringify(answer)).toBe(true);
  await announced();
  return answer;
}

/** What each tab was told since the last call. */
function told() {
  const out = sent.map(({ tabId, message }) => ({ tabId, message }));
  sent = [];
  return out;
}

describe('changes told to the tabs that show them', () => {
  it('a link reaches the tabs showing its project, with its links; other tabs hear nothing', async () => {
    const stop = handle({ db });
    await deliver({ type: 'ticketsByKeys', tickets: [{ key: J('GRW-1') }] }, JIRA_TAB);
    await deliver({ type: 'linkedInScopes', scopes: ['github:github.com/acme/app#'] }, GITHUB_TAB);
    expect(told()).toEqual([]); // reads are not changes
    await deliver({ type: 'link', ticket: J('GRW-7'), keyResultIds: 'k1' }, JIRA_TAB);
    const heard = told();
    expect(heard.map((t) => t.tabId)).toEqual([11]);
    const m = heard[0]!.message as {
      type: string;
      tickets: string[];
      links: Record<string, { code: string }[]>;
    };
    expect(m.type).toBe(TAB_CHANGE);
    expect(m.tickets).toEqual([J('GRW-7')]);
    expect(m.links[J('GRW-7')]!.map((l) => l.code)).toEqual(['KR1.1']);
    // The extension's pages still hear the revision.
    expect((await fakeBrowser.storage.local.get(REVISION_KEY))[REVISION_KEY]).toMatchObject({
      tickets: [J('GRW-7')],
    } satisfies Partial<Revision>);
    await deliver({ type: 'link', ticket: G(5), keyResultIds: 'k2' }, GITHUB_TAB);
    expect(told().map((t) => t.tabId)).toEqual([12]); // the Jira tab asked about GRW only
    stop();
  });

  it('a change that may touch anything reaches every known tab, without tickets', async () => {
    const stop = handle({ db });
    await deliver({ type: 'ticketsByKeys', tickets: [{ key: J('GRW-1') }] }, JIRA_TAB);
    await deliver({ type: 'ticketsByKeys', tickets: [{ key: G(1) }] }, GITHUB_TAB);
    const options = {
      id: fakeBrowser.runtime.id,
      url: `${fakeBrowser.runtime.getURL('/')}options.html`,
    };
    await deliver({ type: 'saveSettings', settings: { staleDays: 9 } }, options);
    const heard = told();
    expect(heard.map((t) => t.tabId).sort()).toEqual([11, 12]);
    for (const t of heard) expect(t.message).toEqual({ type: TAB_CHANGE });
    stop();
  });

  it('the options page open in a tab is not a tracker tab: its requests note nothing', async () => {
    const stop = handle({ db });
    const inTab = {
      id: fakeBrowser.runtime.id,
      url: `${fakeBrowser.runtime.getURL('/')}options.html`,
      tab: { id: 30 },
    };
    await deliver({ type: 'link', ticket: J('GRW-7'), keyResultIds: 'k1' }, inTab);
    await deliver({ type: 'unlink', ticket: J('GRW-7'), keyResultId: 'k1' }, inTab);
    expect(told()).toEqual([]);
    stop();
  });

  it('forgets a tab that stopped listening, and keeps the record when the worker stops', async () => {
    const stop = handle({ db });
    await deliver({ type: 'ticketsByKeys', tickets: [{ key: J('GRW-1') }] }, JIRA_TAB);
    await deliver(
      { type: 'ticketsByKeys', tickets: [{ key: J('GRW-2') }] },
      { ...JIRA_TAB, tab: { id: 13 } },
    );
    await tabsSaved();
    resetTabs(); // a new life of the service worker: only storage.session remembers
    await deliver({ type: 'link', ticket: J('GRW-7'), keyResultIds: 'k1' }, JIRA_TAB);
    expect(
      told()
        .map((t) => t.tabId)
        .sort(),
    ).toEqual([11, 13]);
    gone.add(13);
    await deliver({ type: 'unlink', ticket: J('GRW-7'), keyResultId: 'k1' }, JIRA_TAB);
    expect(told().map((t) => t.tabId)).toEqual([11]);
    gone.delete(13); // 13 failed once: forgotten until it asks again
    await deliver({ type: 'link', ticket: J('GRW-7'), keyResultIds: 'k1' }, JIRA_TAB);
    expect(told().map((t) => t.tabId)).toEqual([11]);
    stop();
  });
});

describe('the content script hears its tab’s changes (onTabChanges)', () => {
  it('takes well-formed changes from this extension and nothing else', async () => {
    const heard: unknown[] = [];
    const stop = onTabChanges((c) => heard.push(c));
    const me = { id: fakeBrowser.runtime.id };
    const send = async (m: unknown, sender: object = me) => {
      const answers: unknown[] = await fakeBrowser.runtime.onMessage.trigger(m, sender, () => {});
      await Promise.all(answers as Promise<unknown>[]);
    };
    const links = { [G(1)]: [{ keyResultId: 'k1', code: 'KR1.1' }] };
    await send({ type: TAB_CHANGE });
    await send({ type: TAB_CHANGE, tickets: [G(1)], links });
    await send({ type: TAB_CHANGE, tickets: [G(1)] }, { id: 'another-extension' });
    await send({ type: TAB_CHANGE, tickets: 'all' });
    await send({ type: TAB_CHANGE, tickets: [1] });
    await send({ type: TAB_CHANGE, links }); // links without tickets: malformed
    await send({ type: TAB_CHANGE, tickets: [G(1)], links: { [G(1)]: 'KR1.1' } });
    await send({ type: TAB_CHANGE, tickets: [], extra: true });
    await send({ type: 'tab.openPicker' });
    expect(heard).toEqual([{}, { tickets: [G(1)], links }]);
    stop();
  });
});
