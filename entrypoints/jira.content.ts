// Matches the whole host: a content script whose pattern missed the first URL is never
// injected by a later pushState, so the page kind is decided in code (lib/trackers/jira.ts).
import { defineContentScript } from 'wxt/utils/define-content-script';
import { jiraAdapter } from '@/lib/trackers/jira';
import { bootOverlay } from '@/lib/overlay/boot';

export default defineContentScript({
  matches: ['https://*.atlassian.net/*'],
  runAt: 'document_idle',
  main(ctx) {
    bootOverlay(ctx, jiraAdapter);
  },
});
