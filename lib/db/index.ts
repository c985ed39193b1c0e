/**
 * The store, by entity. Everything the background reads or writes goes through these
 * functions; each takes the database first and does every multi-record write in ONE
 * transaction, so a failure half-way leaves nothing half-written. Bad input throws
 * `UserError` (a field and a message the UI shows next to it); a bad file `ImportError`.
 * The clock is a parameter with a default (`now`, `today`) so tests pin it.
 *
 * Background only (lint enforces it): a content script's IndexedDB would belong to the page.
 */
export { createDb, OkrDb } from './db';
export { ImportError, UserError, describeDbFailure } from './errors';
export type { Draft } from './records';
export { getSettings, saveSettings } from './settings';
export { upsertCycle, deleteCycle, upsertObjective, deleteObjective } from './okrs';
export {
  upsertKeyResult,
  deleteKeyResult,
  addCheckIn,
  deleteCheckIn,
  searchKeyResults,
} from './key-results';
export type { CheckInDraft } from './key-results';
export { exportAll, importFile, clearAll, loadSample } from './interchange';
export {
  SCOPE_TICKET_LIMIT,
  linkedInScopes,
  ticketsByKeys,
  link,
  unlink,
  linkWriteTables,
} from './links';
export { getLinks, linksOfTickets } from './link-rows';
export { getState, optionsState } from './state';
export { quarterSummary, krEvidence } from './summary';
export { carryOver } from './review';
