/**
 * Canonical ticket keys (README "Ticket keys"):
 * `github:<host>/<owner>/<repo>#<n>`, `jira:<host>/<KEY-123>`, `linear:<workspace>/<KEY-123>`.
 * Its own module, without zod, because the tracker adapters (content scripts) need it too.
 */
export const ticketKeyRe =
  /^(github:[a-z0-9.-]+(:\d+)?\/[a-z0-9_.-]+\/[a-z0-9_.-]+#\d+|jira:[a-z0-9.-]+(:\d+)?\/[A-Z][A-Z0-9_]+-\d+|linear:[a-z0-9_-]+\/[A-Z][A-Z0-9_]*-\d+)$/;
