// The GitHub content script: its matches and adapter come from the tracker registry.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { githubTracker as tracker } from '@/lib/trackers/registry';
import { bootOverlay } from '@/lib/overlay/boot';

export default defineContentScript({
  matches: tracker.site.matches,
  runAt: 'document_idle',
  // A newer copy of this script stops the older one (an update, a reload) by a CustomEvent,
  // which every build of OKR Lens (WXT 0.21) listens for; WXT's extra window.postMessage is for
  // scripts of older WXT and costs each page load ≈ 3 ms (DOMWindow::DoPostMessage).
  noScriptStartedPostMessage: true,
  main(ctx) {
    bootOverlay(ctx, tracker.adapter);
  },
});
