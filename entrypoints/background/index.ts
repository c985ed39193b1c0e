// The background owns the database (content scripts cannot share the extension's IndexedDB:
// Dexie issue #233) and answers lib/messages.ts requests. Thin on purpose: the service worker
// may be stopped at any moment, so nothing that matters lives in its memory.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDb } from '@/lib/db';
import { handle, handlePosted } from '@/lib/background/server';
import type { Backend } from '@/lib/background/server';
import { kickOutbox, startOutbox } from '@/lib/background/outbox-runner';
import { startTeamSync, syncAll } from '@/lib/background/team-sync';
import { sendToTab } from '@/lib/protocol';
import { domainService, resyncDomains } from './domains';
import { watchBadge } from './badge';
import { startTeamPoll } from '@/lib/background/git/poll';

export default defineBackground(() => {
  const db = createDb();
  const deliver = () => void kickOutbox(db);
  const backend: Backend = {
    db,
    domains: domainService,
    outboxChanged: deliver,
    teamChanged: deliver,
    syncTeam: () => syncAll(db, true),
  };
  handle(backend);
  // Chromium's service worker also takes the same requests posted by the extension's pages
  // (imports and exports of megabytes: lib/protocol.ts `sendLarge`). Firefox's event page is
  // no service worker; its pages send as usual.
  if ('ServiceWorkerGlobalScope' in globalThis) handlePosted(backend, globalThis);
  // One outbox runner delivers what is owed: Team links' label writes, Team OKRs' commits.
  startOutbox(db);
  // Team links: read the team's links from the trackers on an alarm (README "Team links").
  startTeamSync(db);
  // Team OKRs: read subscribed files on an alarm (README "Team OKRs").
  startTeamPoll(db);
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
