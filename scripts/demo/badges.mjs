/** Waiting for OKR Lens's badges on a demo page, and counting them. */

/** Until a ticket view's badge host has its shadow content; false after `timeout` ms. */
const ticketBadgeFilled = (page, timeout) =>
  page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('[data-okr-lens="ticket"]')].some(
          (h) =>
            h.hasAttribute('data-linked') &&
            [...(h.shadowRoot?.children ?? [])].some((c) => c.localName !== 'style'),
        ),
      null,
      { timeout },
    )
    .then(
      () => true,
      () => false,
    );

/** Every host's kind, ticket, linked state and shadow content size, as one string. */
const badgeSignature = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-okr-lens]')]
      .map(
        (h) =>
          `${h.getAttribute('data-okr-lens')}|${h.getAttribute('data-ticket')}|${h.getAttribute('data-linked')}|${h.shadowRoot?.innerHTML.length ?? -1}`,
      )
      .join(';'),
  );

/**
 * Wait until badges exist and stop changing (hosts, linked state, shadow content) for 500 ms.
 * Returns the problems seen (empty when all went well).
 */
export async function waitForBadges(page, { ticketView, timeout = 12_000 }) {
  const t0 = Date.now();
  const problems = [];
  try {
    await page.waitForSelector('[data-okr-lens]', { state: 'attached', timeout });
  } catch {
    return ['no [data-okr-lens] host appeared'];
  }
  if (ticketView && !(await ticketBadgeFilled(page, Math.max(1000, timeout - (Date.now() - t0)))))
    problems.push('the ticket badge was not filled');
  let last = '';
  let since = Date.now();
  while (Date.now() - t0 < timeout) {
    const sig = await badgeSignature(page);
    if (sig !== last) {
      last = sig;
      since = Date.now();
    } else if (Date.now() - since >= 500) return problems;
    await page.waitForTimeout(100);
  }
  problems.push('badges kept changing');
  return problems;
}

/** Ticket and row hosts, linked hosts and distinct KR codes on the page. */
export async function badgeSummary(page) {
  return page.evaluate(() => {
    const hosts = [...document.querySelectorAll('[data-okr-lens]')];
    const linked = hosts.filter((h) => h.getAttribute('data-linked') === 'true');
    const codes = linked.flatMap((h) =>
      [...(h.shadowRoot?.querySelectorAll('[data-kr]') ?? [])].map((e) =>
        e.getAttribute('data-kr'),
      ),
    );
    return {
      tickets: hosts.filter((h) => h.getAttribute('data-okr-lens') === 'ticket').length,
      rows: hosts.filter((h) => h.getAttribute('data-okr-lens') === 'row').length,
      linked: linked.length,
      codes: [...new Set(codes)].length,
    };
  });
}
