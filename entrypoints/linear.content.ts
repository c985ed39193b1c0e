// The Linear content script: its matches and adapter come from the tracker registry.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { linearTracker as tracker } from '@/lib/trackers/registry';
import { bootOverlay } from '@/lib/overlay/boot';

export default defineContentScript({
  matches: tracker.site.matches,
  runAt: 'document_idle',
  main(ctx) {
    bootOverlay(ctx, tracker.adapter);
  },
});
