/**
 * The tracker registry (lib/trackers/registry.ts) is true: every tracker with a key grammar
 * (TRACKER_KEYS) has a registry entry and the other way round, and each one has everything a
 * tracker needs: an adapter with its id, its key builder, default hosts its adapter serves, a
 * content script that takes matches and adapter from the registry, fixtures, an adapter unit
 * test and an end-to-end spec on its default host. Adding a tracker and forgetting one of
 * these fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRACKER_KEYS, trackerIds } from '../../lib/okr/ticket-key';
import * as keyBuilders from '../../lib/trackers/keys';
import { parseOrigin, patternHost } from '../../lib/trackers/origins';
import type { SelfHostedId } from '../../lib/trackers/registry';
import { defaultMatches, trackerSites, trackers } from '../../lib/trackers/registry';
import config from '../../wxt.config';

const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** A match pattern as a RegExp over URLs (`*.x` hosts: subdomains of x; `*` paths: any). */
function patternRe(pattern: string): RegExp {
  const m = /^(https?):\/\/(\*\.)?([^/*]+)(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`not a match pattern: ${pattern}`);
  const esc = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const host = `${m[2] ? '[^/]+\\.' : ''}${esc(m[3]!)}`;
  return new RegExp(`^${m[1]}://${host}${esc(m[4]!).replaceAll('*', '.*')}$`);
}

/** The URL globs the end-to-end specs serve pages at (`serve(context, 'https://…', …)`). */
const served = readdirSync(join(root, 'test/e2e'))
  .filter((f) => f.endsWith('.spec.ts'))
  .flatMap((f) => [...read(`test/e2e/${f}`).matchAll(/\bserve\(\s*\w+,\s*'([^']+)'/g)])
  .map((m) => m[1]!);

const ids = [...new Set([...trackerIds, ...Object.keys(trackers)])];

describe('the registry and the key grammar list the same trackers', () => {
  it('TRACKER_KEYS ⇔ trackers ⇔ trackerSites', () => {
    expect(Object.keys(trackers).sort()).toEqual([...trackerIds].sort());
    expect(Object.keys(trackerSites).sort()).toEqual([...trackerIds].sort());
  });

  it('loads in Node with no DOM (WXT evaluates the content scripts at build time)', () => {
    expect(typeof document).toBe('undefined');
    expect(typeof location).toBe('undefined');
  });
});

describe.each(ids)('%s', (id) => {
  const t = trackers[id as keyof typeof trackers];
  const grammar = TRACKER_KEYS[id as keyof typeof TRACKER_KEYS];

  it('has a registry entry and a key grammar', () => {
    expect(t, 'entry in lib/trackers/registry.ts').toBeDefined();
    expect(grammar, 'TRACKER_KEYS entry in lib/okr/ticket-key.ts').toBeDefined();
  });

  it('has an adapter with its id and name, and its key builder from keys.ts', () => {
    expect(t.id).toBe(id);
    expect(t.adapter.id).toBe(id);
    expect(t.adapter.name).toBe(grammar.name);
    expect(t.key).toBe((keyBuilders as Record<string, unknown>)[`${id}Key`]);
    expect(t.site).toBe(trackerSites[t.id]);
  });

  it('serves its default hosts, and users cannot add them again', () => {
    expect(t.site.matches.length).toBeGreaterThan(0);
    for (const pattern of t.site.matches) {
      const glob = patternHost(pattern);
      expect(pattern).toMatch(/^https:\/\/(\*\.)?[a-z0-9.-]+\/\*$/);
      const host = glob.replace(/^\*\./, 'acme.');
      expect(t.adapter.matchesHost(host), host).toBe(true);
      expect(parseOrigin(host)).toEqual({ error: `${host} is supported already; nothing to add.` });
    }
  });

  it('has a content script that takes its matches and adapter from the registry', async () => {
    const file = `entrypoints/${t.site.entry}.content.ts`;
    expect(existsSync(join(root, file)), file).toBe(true);
    expect(read(file)).toContain(
      `import { ${id}Tracker as tracker } from '@/lib/trackers/registry'`,
    );
    const script = (await import(`../../entrypoints/${t.site.entry}.content.ts`)) as {
      default: { matches: string[] };
    };
    expect(script.default.matches).toEqual(t.site.matches);
  });

  it('has fixture pages in test/fixtures/<id>/', () => {
    const fixtures = `test/fixtures/${id}`;
    expect(existsSync(join(root, fixtures)), fixtures).toBe(true);
    const pages = readdirSync(join(root, fixtures)).filter((f) => f.endsWith('.html'));
    expect(pages.length, `.html pages in ${fixtures}`).toBeGreaterThan(0);
  });

  it('has an adapter unit test, test/unit/tracker-<id>.test.ts', () => {
    const unit = `test/unit/tracker-${id}.test.ts`;
    expect(existsSync(join(root, unit)), unit).toBe(true);
  });

  it('has an end-to-end spec that serves a page on its default host', () => {
    const res = t.site.matches.map(patternRe);
    expect(
      served.filter((url) => res.some((re) => re.test(url))),
      `a test/e2e spec that serves a page on ${t.site.matches.join(' or ')}`,
    ).not.toEqual([]);
  });
});

describe('what the registry feeds', () => {
  it("the manifest's host_permissions are every tracker's default hosts, in order", () => {
    expect(defaultMatches()).toEqual(trackerIds.flatMap((id) => trackers[id].site.matches));
    for (const [browser, manifestVersion] of [
      ['chrome', 3],
      ['firefox', 2],
    ] as const) {
      const manifest = config.manifest as (env: object) => { host_permissions: string[] };
      expect(manifest({ browser, manifestVersion }).host_permissions).toEqual(defaultMatches());
    }
  });

  it('self-hosted editions: GitHub Enterprise and Jira Data Center (what addDomain accepts)', () => {
    const selfHosted: SelfHostedId[] = ['github', 'jira'];
    const accepted: 'github' | 'jira' = selfHosted[0]!; // SelfHostedId is exactly these two
    expect(accepted).toBe('github');
    expect(trackerIds.filter((id) => trackers[id].site.selfHosted)).toEqual(selfHosted);
    expect(parseOrigin('git.example.com')).toEqual({
      origin: 'https://git.example.com',
      pattern: 'https://git.example.com/*',
    });
  });
});
