// Matches the whole host: a content script whose pattern missed the first URL is never
// injected by a later pushState, so the page kind is decided in code (lib/trackers/linear.ts).
import { defineContentScript } from 'wxt/utils/define-content-script';
import { linearAdapter } from '@/lib/trackers/linear';
import { bootOverlay } from '@/lib/overlay/boot';

export default defineContentScript({
  matches: ['https://linear.app/*'],
  runAt: 'document_idle',
  main(ctx) {
    bootOverlay(ctx, linearAdapter);
  },
});
