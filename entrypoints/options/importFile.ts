/**
 * Import a picked file: its bytes through the pure pipeline (lib/import/pipeline.ts), then the
 * `importFile` request; the outcome is the text the Import / Export panel shows. Each step is
 * reported (lib/import/progress.ts) and the page gets a frame to paint it before the next
 * step's synchronous work (parsing, handing a large file to the background).
 */
import { sendLarge } from '@/lib/protocol';
import { importedOutcome, prepareImport, refusedOutcome } from '@/lib/import/pipeline';
import type { ImportOutcome } from '@/lib/import/pipeline';
import { recordsText } from '@/lib/import/progress';
import type { ImportProgress } from '@/lib/import/progress';
import type { OptionsPage } from './page';

/** Resolves after the next frame has painted. */
const nextPaint = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export async function importFile(
  file: File,
  page: OptionsPage,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<ImportOutcome> {
  onProgress({ step: 'reading', fileName: file.name, bytes: file.size });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const prepared = prepareImport(bytes, file, { today: page.today, cycles: page.state.cycles });
  if (!prepared.ok) return prepared.outcome;
  onProgress({ step: 'writing', fileName: file.name, records: recordsText(prepared.data) });
  await nextPaint();
  try {
    const counts = await page.commit(() => sendLarge({ type: 'importFile', file: prepared.data }), {
      then: () => onProgress({ step: 'loading' }),
    });
    return importedOutcome(file.name, counts, prepared.warnings);
  } catch (e) {
    return refusedOutcome(e);
  }
}
