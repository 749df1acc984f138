import { graphql, TLS_DOMAINS } from './queries.js';

interface TlsDomain {
  readonly domain: string;
  readonly reports: number;
  readonly successfulSessions: number;
  readonly failedSessions: number;
  readonly successRate: number | null;
  readonly topFailureType: string | null;
}

/** Below this success rate a domain's row is marked: mail to it often went unencrypted or not at all. */
const WARN_BELOW = 0.95;

/**
 * The "TLS to your domains" table: each domain's share of successful TLS sessions over the window
 * (SMTP TLS reports, RFC 8460), its most frequent failure, the chosen domain highlighted.
 */
export async function showTlsPanel(body: HTMLElement, caption: HTMLElement, token: string, days: number, chosen: string | null): Promise<void> {
  const data = await graphql<{ tlsDomains: TlsDomain[] }>(TLS_DOMAINS, { days }, token);
  caption.textContent = `last ${days} days, from SMTP TLS reports`;
  body.replaceChildren();
  if (data.tlsDomains.length === 0) {
    body.append(row(['no TLS reports in this window', '', '', ''], 'empty'));
    return;
  }
  for (const domain of data.tlsDomains) {
    const sessions = domain.successfulSessions + domain.failedSessions;
    const rate = domain.successRate === null ? '–' : `${(100 * domain.successRate).toFixed(1)} %`;
    const tr = row([domain.domain, sessions.toLocaleString(), rate, domain.topFailureType ?? '–'], 'tls-row');
    tr.dataset.domain = domain.domain;
    if (domain.successRate !== null && domain.successRate < WARN_BELOW) tr.classList.add('failing');
    if (domain.domain === chosen) tr.classList.add('chosen');
    body.append(tr);
  }
}

function row(cells: string[], className: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.className = className;
  for (const text of cells) tr.append(Object.assign(document.createElement('td'), { textContent: text }));
  return tr;
}
