// Matches the whole host: a content script whose pattern missed the first URL is never
// injected by a later pushState, so the page kind is decided in code (lib/trackers/github.ts).
import { defineContentScript } from 'wxt/utils/define-content-script';
import { githubAdapter } from '@/lib/trackers/github';
import { bootOverlay } from '@/lib/overlay/boot';

export default defineContentScript({
  matches: ['https://github.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    bootOverlay(ctx, githubAdapter);
  },
});
