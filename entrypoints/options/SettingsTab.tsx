/** The Settings tab: thresholds and label patterns, self-hosted trackers, connections, Team OKRs. */
import { browser } from 'wxt/browser';
import { send } from '@/lib/protocol';
import { DomainsPanel } from '@/components/DomainsPanel';
import { SettingsPanel } from '@/components/SettingsPanel';
import type { PageProps } from './page';
import { ConnectionsSection } from './ConnectionsSection';
import { TeamOkrsSection } from './TeamOkrsSection';

export function SettingsTab({ page }: PageProps) {
  const { setDomains } = page.kept;
  return (
    <>
      <SettingsPanel
        settings={page.state.settings}
        onSave={async (settings) => {
          await page.commit(() => send({ type: 'saveSettings', settings }));
        }}
      />
      <DomainsPanel
        domains={page.kept.domains}
        onAdd={(origin, pattern, tracker) =>
          // Asked right here, inside the click: permissions.request needs the gesture.
          browser.permissions.request({ origins: [pattern] }).then(async (granted) => {
            if (!granted)
              throw new Error(`Access to ${origin} was not allowed; nothing was added.`);
            setDomains(await send({ type: 'addDomain', origin, tracker }));
          })
        }
        onRemove={async (origin) => setDomains(await send({ type: 'removeDomain', origin }))}
      />
      <ConnectionsSection />
      <TeamOkrsSection page={page} />
    </>
  );
}
