/** The Import / Export tab: import a file, export everything, clear all data. */
import { send, sendLarge } from '@/lib/protocol';
import type { OptionsState } from '@/lib/okr/dto';
import { storeCountsText } from '@/lib/import/progress';
import { DataPanel } from '@/components/DataPanel';
import { download } from './download';
import { importFile } from './importFile';
import type { PageProps } from './page';

const countsText = (s: OptionsState) =>
  storeCountsText({
    cycles: s.cycles.length,
    objectives: s.objectives.length,
    keyResults: s.keyResults.length,
    checkIns: s.checkIns.length,
    links: s.totals.links,
  });

export function DataTab({ page }: PageProps) {
  return (
    <DataPanel
      counts={countsText(page.state)}
      onImport={(file, onProgress) => importFile(file, page, onProgress)}
      onExport={async () => {
        const file = await sendLarge({ type: 'exportAll' });
        const body = JSON.stringify(file, null, 2) + '\n';
        download(`okr-lens-${page.today}.json`, 'application/json', body);
      }}
      onClear={async () => {
        await page.commit(() => send({ type: 'clearAll' }));
        page.showToast({ message: 'All data cleared.' });
      }}
    />
  );
}
