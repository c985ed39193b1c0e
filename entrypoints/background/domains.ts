/**
 * Self-hosted trackers: the options page asks for the origin in the user's click
 * (`permissions.request` needs a user gesture, so it happens there); here we check the grant
 * and register the tracker's content script for that origin. `registerContentScripts`
 * succeeds silently without the host permission and then injects nothing
 * (w3c/webextensions#356), hence `permissions.contains` first.
 */
import { browser } from 'wxt/browser';
import type { CustomDomain } from '@/lib/okr/dto';
import type { DomainService } from '@/lib/background/requests';
import { parseOrigin } from '@/lib/trackers/origins';
import { trackerSites } from '@/lib/trackers/registry';
import type { SelfHostedId } from '@/lib/trackers/registry';
import { UserError } from '@/lib/okr/errors';

const KEY = 'okrLens.domains';
type Stored = { origin: string; tracker: SelfHostedId }[];

const scriptId = (origin: string) => `okr-lens-domain:${origin}`;
const scriptFile = (tracker: SelfHostedId) => `content-scripts/${trackerSites[tracker].entry}.js`;

async function stored(): Promise<Stored> {
  const value = (await browser.storage.local.get(KEY))[KEY];
  return Array.isArray(value) ? (value as Stored) : [];
}

function patternOf(origin: string): string {
  const p = parseOrigin(origin);
  if ('error' in p) throw new Error(p.error);
  return p.pattern;
}

async function withGrants(list: Stored): Promise<CustomDomain[]> {
  return Promise.all(
    list.map(async (d) => ({
      ...d,
      granted: await browser.permissions.contains({ origins: [patternOf(d.origin)] }),
    })),
  );
}

async function register(d: Stored[number]): Promise<void> {
  const id = scriptId(d.origin);
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [id] });
  await browser.scripting.registerContentScripts([
    {
      id,
      matches: [patternOf(d.origin)],
      js: [scriptFile(d.tracker)],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    },
  ]);
}

export const domainService: DomainService = {
  list: async () => withGrants(await stored()),
  add: async (input, tracker) => {
    const parsed = parseOrigin(input);
    if ('error' in parsed) throw new UserError(parsed.error, 'origin');
    if (!(await browser.permissions.contains({ origins: [parsed.pattern] })))
      throw new UserError(`OKR Lens was not allowed to read ${parsed.origin}.`, 'origin');
    const list = (await stored()).filter((d) => d.origin !== parsed.origin);
    const entry = { origin: parsed.origin, tracker };
    await register(entry);
    await browser.storage.local.set({ [KEY]: [...list, entry] });
    return withGrants([...list, entry]);
  },
  remove: async (origin) => {
    const list = await stored();
    const rest = list.filter((d) => d.origin !== origin);
    await browser.scripting
      .unregisterContentScripts({ ids: [scriptId(origin)] })
      .catch(() => undefined); // not registered (anymore)
    await browser.storage.local.set({ [KEY]: rest });
    await browser.permissions.remove({ origins: [patternOf(origin)] }).catch(() => false);
    return withGrants(rest);
  },
};

/** After an install or update, registrations are rebuilt from the stored list. */
export async function resyncDomains(): Promise<void> {
  for (const d of await stored()) {
    if (await browser.permissions.contains({ origins: [patternOf(d.origin)] }))
      await register(d).catch((e: unknown) =>
        console.error('OKR Lens: could not register', d.origin, e),
      );
  }
}
