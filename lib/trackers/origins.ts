/**
 * Self-hosted tracker origins typed by a user ("git.example.com", "https://jira.corp:8443/",
 * "jira.example.com/secure/Dashboard.jspa") → a normalised origin and the match pattern that
 * asks for it. Pure.
 */
import { defaultMatches } from './registry';

export interface ParsedOrigin {
  /** `https://jira.corp:8443` */
  origin: string;
  /** `https://jira.corp:8443/*` — Chrome match patterns take no port, see `pattern`. */
  pattern: string;
}

/** The host part of a match pattern: `*.atlassian.net` of `https://*.atlassian.net/*`. */
export function patternHost(pattern: string): string {
  return /^[a-z*]+:\/\/([^/]+)\//.exec(pattern)?.[1] ?? '';
}

/**
 * Whether a lowercased host name is served out of the box (the registry's match patterns):
 * `*.atlassian.net` covers the subdomains of atlassian.net, `github.com` that host alone.
 */
function isDefaultHost(host: string): boolean {
  return defaultMatches().some((pattern) => {
    const glob = patternHost(pattern);
    return glob.startsWith('*.') ? host.endsWith(glob.slice(1)) : host === glob;
  });
}

export function parseOrigin(input: string): ParsedOrigin | { error: string } {
  const raw = input.trim();
  if (raw === '') return { error: 'Enter the address of your tracker, like git.example.com.' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return { error: `“${raw}” is not a web address.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { error: 'Only http and https addresses can be added.' };
  const host = url.hostname.toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(host) || (!host.includes('.') && host !== 'localhost'))
    return { error: `“${url.hostname}” is not a host name.` };
  if (isDefaultHost(host)) return { error: `${host} is supported already; nothing to add.` };
  // Match patterns cannot carry a port: the pattern covers the host on any port.
  return {
    origin: `${url.protocol}//${url.host.toLowerCase()}`,
    pattern: `${url.protocol}//${host}/*`,
  };
}
