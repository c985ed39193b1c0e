/** How figures read on every surface (badges, popup, options, exports). Pure. */

/** A share 0–1 as a whole percentage, `50%`; `—` when there is no figure. */
export function percent(share: number | undefined): string {
  return share === undefined || Number.isNaN(share) ? '—' : `${Math.round(share * 100)}%`;
}
