// The background owns the database (content scripts cannot share the extension's IndexedDB:
// Dexie issue #233) and answers lib/messages.ts requests. Thin on purpose: the service worker
// may be stopped at any moment, so nothing that matters lives in its memory.
import { defineBackground } from 'wxt/utils/define-background';
import { createDb } from '@/lib/db/db';
import * as repo from '@/lib/db/repo';
import { handle } from '@/lib/messages';

export default defineBackground(() => {
  handle({ db: createDb(), repo });
});
