// The background owns the database (content scripts cannot share the extension's IndexedDB:
// Dexie issue #233) and answers lib/messages.ts requests. Thin on purpose: the service worker
// may be stopped at any moment, so nothing that matters lives in its memory.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDb } from '@/lib/db/db';
import * as repo from '@/lib/db/repo';
import * as summary from '@/lib/db/summary';
import * as review from '@/lib/db/review';
import { handle, sendToTab } from '@/lib/messages';
import { domainService, resyncDomains } from './domains';
import { watchBadge } from './badge';

export default defineBackground(() => {
  const db = createDb();
  handle({ db, repo, summary, review, domains: domainService });
  watchBadge(db);
  browser.runtime.onInstalled.addListener(() => void resyncDomains());

  // Alt+Shift+K (manifest "commands"): the tab's content script opens its picker.
  browser.commands.onCommand.addListener((command) => {
    if (command !== 'open-picker') return;
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      if (tab?.id !== undefined) void sendToTab(tab.id, { type: 'tab.openPicker' });
    });
  });
});
