/**
 * Import a picked file: its bytes through the pure pipeline (lib/import/pipeline.ts), then the
 * `importFile` request; the outcome is the text the Import / Export panel shows.
 */
import { send } from '@/lib/protocol';
import { importedOutcome, prepareImport, refusedOutcome } from '@/lib/import/pipeline';
import type { ImportOutcome } from '@/lib/import/pipeline';
import type { OptionsPage } from './page';

export async function importFile(file: File, page: OptionsPage): Promise<ImportOutcome> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const prepared = prepareImport(bytes, file, { today: page.today, cycles: page.state.cycles });
  if (!prepared.ok) return prepared.outcome;
  try {
    const counts = await page.commit(() => send({ type: 'importFile', file: prepared.data }));
    return importedOutcome(file.name, counts, prepared.warnings);
  } catch (e) {
    return refusedOutcome(e);
  }
}
