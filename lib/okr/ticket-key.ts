/**
 * Canonical ticket keys (README "Ticket keys"), one grammar per tracker:
 * `github:<host>/<owner>/<repo>#<n>`, `jira:<host>/<KEY-123>`, `linear:<workspace>/<KEY-123>`.
 *
 * This table is where the data model learns a tracker exists (keys are validated in every
 * request and import, so the grammar lives here, beside the model, not in the DOM adapters).
 * Everything else about a tracker is declared in lib/trackers/registry.ts, whose test fails
 * when the two disagree. Its own module, without zod, because content scripts need it too.
 */
const HOST = String.raw`[a-z0-9.-]+(?::\d+)?`;

export const TRACKER_KEYS = {
  github: { name: 'GitHub', body: String.raw`${HOST}\/[a-z0-9_.-]+\/[a-z0-9_.-]+#\d+` },
  jira: { name: 'Jira', body: String.raw`${HOST}\/[A-Z][A-Z0-9_]+-\d+` },
  linear: { name: 'Linear', body: String.raw`[a-z0-9_-]+\/[A-Z][A-Z0-9_]*-\d+` },
} as const;

/** The trackers OKR Lens knows: the prefix of their ticket keys. */
export type TrackerId = keyof typeof TRACKER_KEYS;
export const trackerIds = Object.keys(TRACKER_KEYS) as TrackerId[];

/** Any canonical ticket key. */
export const ticketKeyRe = new RegExp(
  `^(?:${trackerIds.map((id) => `${id}:${TRACKER_KEYS[id].body}`).join('|')})$`,
);

/** The tracker of a ticket key (by its prefix; the key is not validated). */
export function trackerOfKey(key: string): TrackerId | undefined {
  const id = key.slice(0, key.indexOf(':'));
  return Object.hasOwn(TRACKER_KEYS, id) ? (id as TrackerId) : undefined;
}

/** A key as people say it: `acme/web#12`, `GRW-1`, `ENG-7`. */
export function shortKey(key: string): string {
  const body = key.slice(key.indexOf(':') + 1);
  if (key.startsWith('github:')) return body.slice(body.indexOf('/') + 1);
  return body.slice(body.lastIndexOf('/') + 1);
}

/**
 * The repository / project / team of a ticket key: the key without its trailing number
 * (`github:github.com/acme/web#`, `jira:acme.atlassian.net/GRW-`, `linear:acme/ENG-`).
 */
export function scopeOf(key: string): string {
  let end = key.length;
  while (end > 0 && key.charCodeAt(end - 1) >= 48 && key.charCodeAt(end - 1) <= 57) end--;
  return end < key.length ? key.slice(0, end) : '';
}

/** The scope a ticket key belongs to (`scopeOf`), or the key itself when it has none. */
export const scopeOfKey = (key: string): string => scopeOf(key) || key;

/** Whether `prefix` could start a key: a tracker id, a colon, then anything but spaces. */
export const scopeRe = new RegExp(`^(?:${trackerIds.join('|')}):\\S+$`);
