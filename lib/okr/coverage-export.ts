/** Coverage as files: the CSV table (one row per KR × ticket) and a Markdown summary. */
import type { Coverage, KrCoverage } from './coverage';
import type { Cycle } from './model';

/** The coverage table as CSV rows (one per KR × ticket; a KR without work gets one row). */
export function coverageRows(c: Coverage): string[][] {
  const rows = [
    [
      'KR code',
      'KR title',
      'Objective',
      'Covered',
      'Ticket',
      'Tracker',
      'Title',
      'State',
      'Source',
      'URL',
    ],
  ];
  for (const k of c.keyResults) {
    if (k.tickets.length === 0)
      rows.push([k.kr.code, k.kr.title, k.objective.title, 'no', '', '', '', '', '', '']);
    for (const t of k.tickets)
      rows.push([
        k.kr.code,
        k.kr.title,
        k.objective.title,
        'yes',
        t.key,
        t.tracker ?? '',
        t.title ?? '',
        t.state ?? '',
        t.via ? `via ${t.via}` : t.source,
        t.url ?? '',
      ]);
  }
  return rows;
}

const pct = (r: number | undefined) => (r === undefined ? '—' : `${Math.round(r * 100)} %`);
const md = (s: string) => s.replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');

/**
 * What the summary reads: a whole Coverage, or a view with its lists cut (only counts are
 * summarised: a KR's `total` and `orphanTotal` when the lists are cut).
 */
export interface CoverageCounts extends Omit<Coverage, 'keyResults'> {
  keyResults: readonly (KrCoverage & { total?: number })[];
  orphanTotal?: number;
}

/** A Markdown summary a PM can paste into a review. */
export function coverageMarkdown(c: CoverageCounts, cycle: Cycle): string {
  const lines: string[] = [];
  const covered = c.keyResults.filter((k) => k.covered).length;
  lines.push(`## OKR coverage — ${md(cycle.name)}`, '');
  lines.push(
    `- Key results with work: **${covered} of ${c.keyResults.length}**`,
    `- Alignment (linked ÷ seen tickets): **${pct(c.alignment.total.ratio)}** (${c.alignment.total.linked} of ${c.alignment.total.seen}); GitHub ${pct(c.alignment.github.ratio)}, Jira ${pct(c.alignment.jira.ratio)}, Linear ${pct(c.alignment.linear.ratio)}`,
    `- Orphan work (seen, serves no KR): **${c.orphanTotal ?? c.orphans.length}**`,
  );
  const uncovered = c.keyResults.filter((k) => !k.covered);
  if (uncovered.length) {
    lines.push('', '### Key results with no work', '');
    for (const k of uncovered)
      lines.push(`- ${md(k.kr.code)} ${md(k.kr.title)} (${md(k.objective.title)})`);
  }
  const wwo = c.keyResults.filter((k) => k.workWithoutOutcome);
  if (wwo.length) {
    lines.push('', '### Work done, outcome not moved', '');
    for (const k of wwo)
      lines.push(
        `- ${md(k.kr.code)} ${md(k.kr.title)}: ${k.total ?? k.tickets.length} done, value unchanged`,
      );
  }
  if (c.idleObjectives.length) {
    lines.push('', '### Objectives with no work two weeks in', '');
    for (const o of c.idleObjectives) lines.push(`- ${md(o.title)}`);
  }
  lines.push(
    '',
    '### Key results',
    '',
    '| KR | Title | Open | In progress | Done |',
    '|---|---|---:|---:|---:|',
  );
  for (const k of c.keyResults)
    lines.push(
      `| ${md(k.kr.code)} | ${md(k.kr.title)} | ${k.counts.open} | ${k.counts.inProgress} | ${k.counts.done} |`,
    );
  return lines.join('\n') + '\n';
}
