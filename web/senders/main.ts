import './senders.css';
import { graphql, GraphQLRequestError } from '../shared/graphql.js';
import { forgetToken, rememberToken, signIn, storedToken } from '../shared/session.js';
import { COUNTS, DECIDE, DOMAINS, ME, SENDER_DETAILS, SENDERS } from './queries.js';
import { sparkline, type Day } from './sparkline.js';

/**
 * The Senders page: who sends as each domain over the window, named and classified with evidence,
 * filtered by classification chips, approval, search and country (the map's country panel links
 * here), sorted by a click on a column, and approved or rejected by administrators.
 */
interface SenderRow {
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly domain: string;
  readonly type: string;
  readonly category: string | null;
  readonly namingSource: string;
  readonly classification: string;
  readonly confidence: number;
  readonly summary: string;
  readonly approval: 'APPROVED' | 'REJECTED' | 'UNDECIDED';
  readonly rule: string;
  readonly messages: number;
  readonly dmarcAlignedRate: number;
  readonly ipCount: number;
  readonly countries: readonly string[];
  readonly lastSeen: string;
  readonly note: string | null;
  readonly evidence: readonly { code: string; text: string; share: number | null }[];
  readonly daily: readonly Day[];
  readonly approvalDetails: { state: string; decidedBy: string | null; decidedAt: string | null; comment: string | null };
}

interface Details {
  readonly dkimSignatures: readonly { domain: string; selector: string | null; aligned: boolean; messages: number; passMessages: number }[];
  readonly spfDomains: readonly { domain: string; aligned: boolean; messages: number; passMessages: number }[];
  readonly overrideReasons: readonly { type: string; messages: number }[];
  readonly ips: readonly { ip: string; messages: number; reverseDns: string | null; ptrName: string | null; dnsError: string | null; countryCode: string | null; asn: number | null; asOrganization: string | null }[];
  readonly history: readonly { action: string; fromState: string | null; toState: string; actor: string; comment: string | null; at: string }[];
}

const CLASSIFICATIONS = ['AUTHORIZED', 'FORWARDER', 'MISCONFIGURED', 'UNAUTHORIZED', 'UNKNOWN'] as const;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const state = {
  token: storedToken(),
  admin: false,
  days: Number(params.get('days')) || 30,
  domain: params.get('domain'),
  countryCode: params.get('country')?.toUpperCase() ?? null,
  search: params.get('search') ?? '',
  classification: null as string | null,
  approved: null as boolean | null,
  orderBy: { field: 'MESSAGES', direction: 'DESC' as 'ASC' | 'DESC' },
  after: null as string | null,
};

$<HTMLFormElement>('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.currentTarget as HTMLFormElement);
  $('sign-in-error').textContent = '';
  signIn(String(form.get('email')), String(form.get('password')))
    .then((session) => {
      // Kept for this tab, as the map keeps it: a reload, or the map, stays signed in.
      rememberToken(session.token);
      state.token = session.token;
      return start();
    })
    .catch((error: Error) => ($('sign-in-error').textContent = error.message));
});
$('sign-out').addEventListener('click', () => {
  forgetToken();
  state.token = null;
  $('overlay').hidden = false;
});
$<HTMLSelectElement>('days').value = String(state.days);
$<HTMLInputElement>('search').value = state.search;
$<HTMLSelectElement>('days').addEventListener('change', (event) => {
  state.days = Number((event.target as HTMLSelectElement).value);
  void reload();
});
$<HTMLSelectElement>('domain').addEventListener('change', (event) => {
  state.domain = (event.target as HTMLSelectElement).value || null;
  void reload();
});
$<HTMLSelectElement>('approved').addEventListener('change', (event) => {
  const value = (event.target as HTMLSelectElement).value;
  state.approved = value === '' ? null : value === 'true';
  void reload();
});
let searching: number | undefined;
$<HTMLInputElement>('search').addEventListener('input', (event) => {
  clearTimeout(searching);
  searching = window.setTimeout(() => {
    state.search = (event.target as HTMLInputElement).value.trim();
    void reload();
  }, 250);
});
const chips = () => document.querySelectorAll<HTMLButtonElement>('#chips .chip');
for (const chip of chips()) {
  chip.addEventListener('click', () => {
    state.classification = chip.dataset.classification || null;
    for (const other of chips()) other.setAttribute('aria-pressed', String(other === chip));
    void loadRows(true).catch(handle);
  });
}
for (const header of document.querySelectorAll<HTMLTableCellElement>('th[data-sort]')) {
  header.addEventListener('click', () => {
    const field = header.dataset.sort!;
    const direction = state.orderBy.field === field && state.orderBy.direction === 'DESC' ? 'ASC' : 'DESC';
    state.orderBy = { field, direction };
    for (const other of document.querySelectorAll('th[data-sort]')) other.removeAttribute('aria-sort');
    header.setAttribute('aria-sort', direction === 'ASC' ? 'ascending' : 'descending');
    void loadRows(true).catch(handle);
  });
}
$('more').addEventListener('click', () => void loadRows(false).catch(handle));

async function start(): Promise<void> {
  $('overlay').hidden = true;
  const [{ me }] = await Promise.all([graphql<{ me: { email: string; role: string } }>(ME, {}, state.token), loadDomains()]);
  state.admin = me.role === 'ADMIN';
  $('who').textContent = `${me.email ?? 'API key'} (${me.role.toLowerCase()})`;
  if (state.countryCode) {
    $('country-filter').hidden = false;
    $('country-filter').textContent = `from ${state.countryCode} `;
    const clear = Object.assign(document.createElement('button'), { type: 'button', textContent: '×', title: 'All countries' });
    clear.addEventListener('click', () => {
      state.countryCode = null;
      $('country-filter').hidden = true;
      void reload();
    });
    $('country-filter').append(clear);
  }
  await reload();
}

function filter(classification: string | null = state.classification): Record<string, unknown> {
  return {
    ...(state.domain ? { domain: state.domain } : {}),
    ...(classification ? { classification } : {}),
    ...(state.approved !== null ? { approved: state.approved } : {}),
    ...(state.search ? { search: state.search } : {}),
    ...(state.countryCode ? { countryCode: state.countryCode } : {}),
  };
}

async function reload(): Promise<void> {
  try {
    await Promise.all([loadRows(true), loadCounts()]);
  } catch (error) {
    handle(error);
  }
}

async function loadCounts(): Promise<void> {
  const variables: Record<string, unknown> = { filter: filter(null), days: state.days };
  for (const c of CLASSIFICATIONS) variables[c.toLowerCase()] = filter(c);
  const counts = await graphql<Record<string, { totalCount: number }>>(COUNTS, variables, state.token);
  for (const chip of chips()) {
    const key = (chip.dataset.classification || 'all').toLowerCase();
    chip.querySelector('.count')!.textContent = String(counts[key]?.totalCount ?? 0);
  }
}

async function loadRows(fresh: boolean): Promise<void> {
  if (fresh) state.after = null;
  const data = await graphql<{ senders: { totalCount: number; truncated: boolean; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: SenderRow }[] } }>(
    SENDERS,
    { filter: filter(), days: state.days, orderBy: state.orderBy, after: state.after },
    state.token,
  );
  const body = $('rows');
  if (fresh) body.replaceChildren();
  for (const { node } of data.senders.edges) body.append(...senderRows(node));
  if (fresh && data.senders.edges.length === 0) {
    const empty = document.createElement('tr');
    empty.innerHTML = '<td colspan="10" class="empty">No sender matches.</td>';
    body.append(empty);
  }
  state.after = data.senders.pageInfo.endCursor;
  $('more').hidden = !data.senders.pageInfo.hasNextPage;
  $('total').textContent = `${data.senders.totalCount.toLocaleString()} senders${data.senders.truncated ? ' (the window has more: the busiest are listed)' : ''}, last ${state.days} days`;
}

/** The row of a sender and the hidden row of its details (opened by a click on the row). */
function senderRows(sender: SenderRow): HTMLTableRowElement[] {
  const row = document.createElement('tr');
  row.className = 'sender';
  row.dataset.senderId = sender.id;
  row.tabIndex = 0;
  const details = document.createElement('tr');
  details.className = 'details';
  details.hidden = true;
  fillRow(row, sender);
  const toggle = () => {
    details.hidden = !details.hidden;
    row.classList.toggle('open', !details.hidden);
    if (!details.hidden && !details.dataset.loaded) void loadDetails(details, sender).catch(handle);
  };
  row.addEventListener('click', (event) => {
    if (!(event.target as HTMLElement).closest('button')) toggle();
  });
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') toggle();
  });
  return [row, details];
}

function fillRow(row: HTMLTableRowElement, sender: SenderRow): void {
  row.replaceChildren();
  const name = cell(row);
  // The map's category says more than the type for an organisation (its industry) and a forwarder (or mailing list).
  const category = sender.category && ['ORGANIZATION', 'FORWARDER'].includes(sender.type) ? ` · ${sender.category}` : '';
  name.append(text('strong', sender.name), text('small', `${typeLabel(sender.type)}${category} · ${sourceLabel(sender.namingSource)}`));
  cell(row).textContent = sender.domain;
  const classification = cell(row);
  const chip = text('span', `${sender.classification.toLowerCase()}`);
  chip.className = `chip static ${sender.classification.toLowerCase()}`;
  chip.title = `${sender.rule}: ${sender.evidence.map((e) => e.text).join('; ')}`;
  const first = sender.evidence[0];
  const why = first ? `${first.text}${first.share === null ? '' : ` (${Math.round(first.share * 100)}%)`} · ` : '';
  classification.append(chip, text('small', `${why}confidence ${Math.round(sender.confidence * 100)}%`));
  cell(row, 'num').textContent = sender.messages.toLocaleString();
  cell(row, 'num').textContent = `${(sender.dmarcAlignedRate * 100).toFixed(1)} %`;
  cell(row).append(sparkline(sender.daily, state.days, new Date()));
  cell(row, 'num').textContent = String(sender.ipCount);
  cell(row).textContent = sender.countries.join(' ');
  cell(row, 'date').textContent = new Date(sender.lastSeen).toISOString().slice(0, 10);
  const approval = cell(row, 'approval-cell');
  const badge = text('span', sender.approval.toLowerCase());
  badge.className = `approval ${sender.approval.toLowerCase()}`;
  if (sender.approvalDetails.decidedBy) badge.title = `by ${sender.approvalDetails.decidedBy}${sender.approvalDetails.comment ? `: ${sender.approvalDetails.comment}` : ''}`;
  approval.append(badge);
  if (state.admin) {
    for (const [action, label] of [['APPROVE', 'Approve'], ['REJECT', 'Reject'], ['CLEAR', 'Undecide']] as const) {
      if ((action === 'APPROVE' && sender.approval === 'APPROVED') || (action === 'REJECT' && sender.approval === 'REJECTED') || (action === 'CLEAR' && sender.approval === 'UNDECIDED')) continue;
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: label, className: `decide ${action.toLowerCase()}` });
      button.addEventListener('click', () => void decide(row, sender, action).catch(handle));
      approval.append(button);
    }
  }
}

async function decide(row: HTMLTableRowElement, sender: SenderRow, action: keyof typeof DECIDE): Promise<void> {
  const field = { APPROVE: 'approveSender', REJECT: 'rejectSender', CLEAR: 'clearSenderApproval' }[action];
  const data = await graphql<Record<string, SenderRow>>(DECIDE[action], { id: sender.id }, state.token);
  // The mutation answers over its own window (30 days): keep this page's figures, take the decision.
  const decided = { ...sender, approval: data[field]!.approval, approvalDetails: data[field]!.approvalDetails };
  fillRow(row, decided);
  const details = row.nextElementSibling as HTMLTableRowElement | null;
  if (details?.dataset.loaded) {
    delete details.dataset.loaded;
    if (!details.hidden) void loadDetails(details, decided).catch(handle);
  }
  toast(`${sender.name} ${decided.approval.toLowerCase()} for ${sender.domain}`);
}

async function loadDetails(details: HTMLTableRowElement, sender: SenderRow): Promise<void> {
  const { sender: d } = await graphql<{ sender: Details }>(SENDER_DETAILS, { id: sender.id, days: state.days }, state.token);
  details.dataset.loaded = 'yes';
  const td = Object.assign(document.createElement('td'), { colSpan: 10 });
  const grid = document.createElement('div');
  grid.className = 'detail-grid';
  grid.append(
    section('Why', `${sender.summary} — rule “${sender.rule}”, confidence ${Math.round(sender.confidence * 100)}%`, sender.evidence.map((e) => `${e.text}${e.share === null || e.text.includes('%') ? '' : ` (${Math.round(e.share * 100)}%)`}`)),
    section('DKIM signatures', null, d.dkimSignatures.map((s) => `d=${s.domain}${s.selector ? ` s=${s.selector}` : ''} · ${s.aligned ? 'aligned' : 'not aligned'} · passes ${pct(s.passMessages, s.messages)}`)),
    section('SPF domains', null, d.spfDomains.map((s) => `${s.domain} · ${s.aligned ? 'aligned' : 'not aligned'} · passes ${pct(s.passMessages, s.messages)}`)),
    section('Override reasons', null, d.overrideReasons.map((r) => `${r.type}: ${r.messages.toLocaleString()} messages`)),
    section(
      'Addresses',
      null,
      d.ips.map((ip) => `${ip.ip} · ${ip.ptrName ?? 'no PTR'}${ip.reverseDns ? ` (${ip.reverseDns.toLowerCase().replace('_', ' ')})` : ''}${ip.dnsError ? ` ${ip.dnsError}` : ''} · ${[ip.countryCode, ip.asn ? `AS${ip.asn}` : null].filter(Boolean).join(' ')} · ${ip.messages.toLocaleString()} messages`),
    ),
    section('Approval history', sender.note ? `Note: ${sender.note}` : null, d.history.map((h) => `${new Date(h.at).toISOString().slice(0, 16).replace('T', ' ')} ${h.actor}: ${h.action.toLowerCase()}${h.comment ? ` — ${h.comment}` : ''}`)),
  );
  td.append(grid);
  details.replaceChildren(td);
}

function section(title: string, lead: string | null, items: readonly string[]): HTMLElement {
  const box = document.createElement('section');
  box.append(text('h3', title));
  if (lead) box.append(text('p', lead));
  const list = document.createElement('ul');
  for (const item of items.length > 0 ? items : ['none']) list.append(text('li', item));
  box.append(list);
  return box;
}

async function loadDomains(): Promise<void> {
  const data = await graphql<{ reports: { edges: { node: { policy: { domain: string } } }[] } }>(DOMAINS, {}, state.token);
  const domains = [...new Set(data.reports.edges.map((e) => e.node.policy.domain))].sort();
  const select = $<HTMLSelectElement>('domain');
  select.replaceChildren(new Option('all domains', ''), ...domains.map((d) => new Option(d, d, false, d === state.domain)));
}

function cell(row: HTMLTableRowElement, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  if (className) td.className = className;
  row.append(td);
  return td;
}

function text<K extends keyof HTMLElementTagNameMap>(tag: K, content: string): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), { textContent: content });
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}% of ${whole.toLocaleString()}` : 'none';
}

function typeLabel(type: string): string {
  return type === 'ESP_MARKETING' ? 'ESP / marketing' : type === 'ISP_RESIDENTIAL' ? 'ISP / residential' : type.toLowerCase().replaceAll('_', ' ');
}

function sourceLabel(source: string): string {
  const labels: Record<string, string> = {
    OPERATOR_MAP: 'your map',
    SERVICE_MAP: 'reverse DNS + service map',
    REVERSE_DNS: 'reverse DNS',
    ASN_MAP: 'ASN map',
    AS_ORGANIZATION: 'AS organisation',
    NONE: 'unnamed',
  };
  return labels[source] ?? source;
}

function toast(message: string): void {
  const note = Object.assign(document.createElement('div'), { className: 'toast', textContent: message });
  note.setAttribute('role', 'status');
  $('toasts').append(note);
  setTimeout(() => note.remove(), 6_000);
}

/** An expired or revoked session goes back to the sign-in form; anything else is shown. */
function handle(error: unknown): void {
  if (error instanceof GraphQLRequestError && error.code === 'UNAUTHENTICATED') {
    forgetToken();
    $('overlay').hidden = false;
    $('sign-in-error').textContent = 'Your session ended: sign in again.';
    return;
  }
  // Also on the console: the browser tests count page errors.
  // eslint-disable-next-line no-console
  console.error(error);
  toast(error instanceof Error ? error.message : String(error));
}

if (state.token) void start().catch(handle);
