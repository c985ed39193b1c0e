/**
 * Canonical ticket keys (README "Ticket keys"), built from the parts a tracker adapter reads
 * off a URL or a page. Every builder normalises exactly as the contract says and returns
 * `undefined` for input that cannot make a valid key, so a result is always accepted by
 * `ticketKeyRe` (lib/okr/ticket-key.ts, where each tracker's key grammar is declared):
 *
 * - GitHub `github:<host>/<owner>/<repo>#<n>`: host, owner and repo lowercased; `n` a positive
 *   integer written without leading zeros (issues and pull requests share numbers).
 * - Jira `jira:<host>/<KEY-123>`: host lowercased, key uppercased (`[A-Z][A-Z0-9_]+-\d+`).
 * - Linear `linear:<workspace>/<KEY-123>`: workspace slug lowercased, key uppercased.
 *
 * Pure: no DOM, no browser.
 */
import { ticketKeyRe } from '../okr/ticket-key';

/** `host` or `host:port` as in `URL.host`, lowercased (a trailing dot of an FQDN dropped). */
function normHost(host: string): string | undefined {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/\.(?=(:\d+)?$)/, '');
  return /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/.test(h) ? h : undefined;
}

/** A GitHub owner or repository name: letters, digits, `.`, `-`, `_`; lowercased. */
function normGithubName(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  return /^[a-z0-9_.-]+$/.test(n) && n !== '.' && n !== '..' ? n : undefined;
}

/** A positive issue number from a number or a string of digits, without leading zeros. */
function normNumber(n: number | string): string | undefined {
  if (typeof n === 'number') {
    return Number.isSafeInteger(n) && n > 0 ? String(n) : undefined;
  }
  const s = n.trim();
  if (!/^\d{1,15}$/.test(s)) return undefined;
  const stripped = s.replace(/^0+/, '');
  return stripped === '' ? undefined : stripped;
}

function checked(key: string): string | undefined {
  return key.length <= 400 && ticketKeyRe.test(key) ? key : undefined;
}

/** `github:<host>/<owner>/<repo>#<n>`, or undefined when any part is invalid. */
export function githubKey(
  host: string,
  owner: string,
  repo: string,
  n: number | string,
): string | undefined {
  const h = normHost(host);
  const o = normGithubName(owner);
  const r = normGithubName(repo);
  const num = normNumber(n);
  if (!h || !o || !r || !num) return undefined;
  return checked(`github:${h}/${o}/${r}#${num}`);
}

/** `jira:<host>/<KEY-123>`, or undefined when the host or the issue key is invalid. */
export function jiraKey(host: string, key: string): string | undefined {
  const h = normHost(host);
  const k = key.trim().toUpperCase();
  if (!h || !/^[A-Z][A-Z0-9_]+-\d+$/.test(k)) return undefined;
  return checked(`jira:${h}/${k}`);
}

/** `linear:<workspace>/<KEY-123>`, or undefined when the workspace or the key is invalid. */
export function linearKey(workspace: string, key: string): string | undefined {
  const w = workspace.trim().toLowerCase();
  const k = key.trim().toUpperCase();
  if (!/^[a-z0-9_-]+$/.test(w) || !/^[A-Z][A-Z0-9_]*-\d+$/.test(k)) return undefined;
  return checked(`linear:${w}/${k}`);
}
