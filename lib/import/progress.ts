/**
 * What the Import / Export panel says while an import runs: which step it is at (reading the
 * file, the store checking and writing it, the page loading the result) and how many records
 * of each kind the file carries. The store's work is one request and one transaction, so these
 * are honest steps, not a percentage. Pure.
 */

/** Record kinds as an interchange file names them, in the order the panel lists them. */
const KINDS = [
  ['links', 'link', 'links'],
  ['tickets', 'ticket', 'tickets'],
  ['keyResults', 'key result', 'key results'],
  ['checkIns', 'check-in', 'check-ins'],
  ['objectives', 'objective', 'objectives'],
  ['cycles', 'cycle', 'cycles'],
] as const;

export type ImportProgress =
  | { step: 'reading'; fileName: string; bytes: number }
  | { step: 'writing'; fileName: string; records: string }
  | { step: 'loading' };

const number = new Intl.NumberFormat('en-US');

/**
 * `1 cycle`, `20,000 links`, `3 key results`: a count of a record kind as people say it; a
 * kind this table does not know keeps its field name.
 */
export function countText(field: string, n: number): string {
  const kind = KINDS.find(([f]) => f === field);
  const name = kind ? (n === 1 ? kind[1] : kind[2]) : field;
  return `${number.format(n)} ${name}`;
}

/** `4.5 MB`, `12 KB`, `800 bytes`. */
export function sizeText(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}

/**
 * `1 cycle, 3 objectives, 8 key results, 6 check-ins, 0 links`: what the store holds, every
 * kind named (the Export panel's "Everything (…)").
 */
export function storeCountsText(counts: {
  cycles: number;
  objectives: number;
  keyResults: number;
  checkIns: number;
  links: number;
}): string {
  return (['cycles', 'objectives', 'keyResults', 'checkIns', 'links'] as const)
    .map((field) => countText(field, counts[field]))
    .join(', ');
}

/**
 * `20,000 links, 5,000 tickets and 100 key results`: the non-empty arrays of a parsed file,
 * largest kinds first; '' when it is not an object with such arrays (the store will say why).
 */
export function recordsText(data: unknown): string {
  if (typeof data !== 'object' || data === null) return '';
  const parts: string[] = [];
  for (const [field] of KINDS) {
    const list = (data as Record<string, unknown>)[field];
    if (!Array.isArray(list) || list.length === 0) continue;
    parts.push(countText(field, list.length));
  }
  if (parts.length < 2) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The line shown while the import is at `p`. Never says "imported": that is the outcome's word. */
export function progressText(p: ImportProgress): string {
  switch (p.step) {
    case 'reading':
      return `Reading ${p.fileName} (${sizeText(p.bytes)})…`;
    case 'writing':
      return p.records
        ? `Checking and saving ${p.records} from ${p.fileName}, all or nothing…`
        : `Checking ${p.fileName}…`;
    case 'loading':
      return 'Saved. Loading the new data…';
  }
}
