/**
 * Tracker connections: the tokens OKR Lens uses to write labels and read the team's links
 * through each tracker's API (README "Team links"). They live in `storage.local` under their
 * own key, are read and used by the background only, and are never sent to a page, a content
 * script, a log or an export: pages get `ConnectionView`s, which carry the last four
 * characters of a token at most. `storage.local` is not encrypted at rest (README says so).
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import type { ConnectionView } from '../okr/dto';
import { UserError } from '../okr/errors';
import { newId } from '../okr/ids';
import type { TrackerId } from '../okr/ticket-key';
import { apiBase, apiOriginPattern } from '../trackers/api/endpoints';

export const CONNECTIONS_KEY = 'okrLens.connections';

const host = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/, 'not a host name');
const token = z.string().trim().min(8, 'paste the whole token').max(2_000);
const httpsBase = z
  .string()
  .trim()
  .max(300)
  .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'expected an https:// address')
  .transform((s) => s.replace(/\/+$/, ''));

const base = {
  id: z.string().min(1).max(100).optional(),
  /** Write links made in the picker as labels on the ticket (on by default). */
  writeLabels: z.boolean().default(true),
  /** Leave the token out to keep the stored one (editing other fields). */
  token: token.optional(),
};

export const connectionDraftSchema = z.discriminatedUnion('tracker', [
  z.strictObject({
    ...base,
    tracker: z.literal('github'),
    /** `github.com`, or a GitHub Enterprise host. */
    host: host.default('github.com'),
    /** Organisations (`acme`) and repositories (`acme/web`) the team sync searches. */
    scopes: z
      .array(
        z
          .string()
          .trim()
          .regex(/^[\w.-]+(\/[\w.-]+)?$/, 'an organisation or owner/repo'),
      )
      .max(50)
      .default([]),
  }),
  z.strictObject({
    ...base,
    tracker: z.literal('jira'),
    /** `https://acme.atlassian.net`, or a Data Center base URL. */
    site: httpsBase,
    deployment: z.enum(['cloud', 'datacenter']),
    /** Jira Cloud authenticates with e-mail + API token; Data Center with a token alone. */
    email: z.string().trim().max(200).optional(),
  }),
  z.strictObject({
    ...base,
    tracker: z.literal('linear'),
    /** The workspace's URL key (`linear.app/<workspace>/…`). */
    workspace: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9_-]+$/, 'the part after linear.app/'),
  }),
]);
export type ConnectionDraft = z.input<typeof connectionDraftSchema>;

type Parsed = z.output<typeof connectionDraftSchema>;
/** A stored connection: a parsed draft with an id and a token. */
export type Connection = Parsed extends infer P
  ? P extends Parsed
    ? Omit<P, 'id' | 'token'> & { id: string; token: string }
    : never
  : never;
export type GithubConnection = Extract<Connection, { tracker: 'github' }>;
export type JiraConnection = Extract<Connection, { tracker: 'jira' }>;
export type LinearConnection = Extract<Connection, { tracker: 'linear' }>;

/** Where a connection's API lives (REST base; GitHub's GraphQL endpoint beside it). */
export function apiBaseOf(c: Connection): string {
  return apiBase(c);
}

/** The origin patterns the browser must grant for the API (asked for in the user's click). */
export function apiOriginsOf(c: Pick<Connection, 'tracker'> & Partial<Connection>): string[] {
  return [apiOriginPattern(c as Connection)];
}

/** Which tickets a connection serves: the key prefix it matches. */
export function keyPrefixOf(c: Connection): string {
  switch (c.tracker) {
    case 'github':
      return `github:${c.host}/`;
    case 'jira':
      return `jira:${new URL(c.site).host}/`;
    case 'linear':
      return `linear:${c.workspace}/`;
  }
}

export function viewOf(c: Connection): ConnectionView {
  const { token: secret, ...rest } = c;
  return { ...rest, tokenHint: `…${secret.slice(-4)}` };
}

async function stored(): Promise<Connection[]> {
  const value = (await browser.storage.local.get(CONNECTIONS_KEY))[CONNECTIONS_KEY];
  return Array.isArray(value) ? (value as Connection[]) : [];
}

/** Every connection, with its token (background only). */
export async function loadConnections(): Promise<Connection[]> {
  return stored();
}

/** The connection serving a ticket key, if its tracker is connected. */
export async function connectionFor(ticketKey: string): Promise<Connection | undefined> {
  return (await stored()).find((c) => ticketKey.startsWith(keyPrefixOf(c)));
}

/**
 * Add or replace a connection. A draft without a token keeps the stored one (editing the
 * scopes, say); a new connection needs one. Two connections may not serve the same tickets.
 */
export async function saveConnection(draft: ConnectionDraft): Promise<Connection> {
  const result = connectionDraftSchema.safeParse(draft);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UserError(issue?.message ?? 'invalid connection', issue?.path.join('.') || undefined);
  }
  const parsed = result.data;
  const all = await stored();
  const previous = parsed.id === undefined ? undefined : all.find((c) => c.id === parsed.id);
  const secret = parsed.token ?? previous?.token;
  if (!secret) throw new UserError('paste a token', 'token');
  const { token: _t, id: _i, ...fields } = parsed;
  const next = { ...fields, id: previous?.id ?? newId('conn'), token: secret };
  const clash = all.find((c) => c.id !== next.id && keyPrefixOf(c) === keyPrefixOf(next));
  if (clash) throw new UserError(`${labelOf(next)} is connected already`, 'host');
  await browser.storage.local.set({
    [CONNECTIONS_KEY]: [...all.filter((c) => c.id !== next.id), next],
  });
  return next;
}

/** Remove a connection and its token, in one click. */
export async function removeConnection(id: string): Promise<void> {
  const all = await stored();
  await browser.storage.local.set({ [CONNECTIONS_KEY]: all.filter((c) => c.id !== id) });
}

/** How the UI names a connection: `github.com`, `acme.atlassian.net`, `Linear · acme`. */
export function labelOf(c: Connection | ConnectionView): string {
  switch (c.tracker) {
    case 'github':
      return c.host;
    case 'jira':
      return new URL(c.site).host;
    case 'linear':
      return `Linear · ${c.workspace}`;
  }
}

export const trackerOfConnection = (c: Connection): TrackerId => c.tracker;
