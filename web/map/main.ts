import './map.css';
import { alertKindLabel, alertKindPhrase } from '../../src/alerts/alert-kind-labels.js';
import { forgetToken, rememberToken, signIn, storedToken } from '../shared/session.js';
import { loadOpenAlerts, type MapAlert } from './alerts.js';
import { showFailureSamples } from './failure-samples.js';
import { showTlsPanel } from './tls-panel.js';
import { DOMAINS, graphql, GraphQLRequestError, HEATMAP, TOP_SENDERS } from './queries.js';
import { subscribeToAlerts, type LiveAlerts } from './subscription.js';
import { WorldMap, type Heatmap, type Metric } from './world-map.js';

/**
 * The map page: sign in, then the heatmap of the chosen window and domain, the open alerts beside
 * it, new alerts pushed live, and a clicked country's top senders.
 */
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const state = { token: storedToken(), days: 30, domain: null as string | null, metric: 'messages' as Metric, heatmap: null as Heatmap | null };
let live: LiveAlerts | undefined;
const alerts = new Map<string, MapAlert>();

const map = new WorldMap($<HTMLElement>('map').querySelector('svg')!, $('legend'), (code, name) => void showCountry(code, name));

$<HTMLFormElement>('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.currentTarget as HTMLFormElement);
  $('sign-in-error').textContent = '';
  signIn(String(form.get('email')), String(form.get('password')))
    .then((session) => {
      rememberToken(session.token);
      state.token = session.token;
      $('who').textContent = `${session.email} (${session.role.toLowerCase()})`;
      return start();
    })
    .catch((error: Error) => ($('sign-in-error').textContent = error.message));
});
$('sign-out').addEventListener('click', () => {
  forgetToken();
  live?.close();
  state.token = null;
  $('overlay').hidden = false;
});
$<HTMLSelectElement>('days').addEventListener('change', (event) => {
  state.days = Number((event.target as HTMLSelectElement).value);
  void refresh();
  void loadTls();
});
$('failure-close').addEventListener('click', () => $<HTMLDialogElement>('failure-dialog').close());
$<HTMLSelectElement>('domain').addEventListener('change', (event) => {
  state.domain = (event.target as HTMLSelectElement).value || null;
  // The alerts beside the map, listed and live, follow the chosen domain as the heatmap does.
  live?.close();
  void Promise.all([refresh(), loadAlerts().then(goLive), loadTls()]).catch(handle);
});
for (const input of document.querySelectorAll<HTMLInputElement>('input[name="metric"]')) {
  input.addEventListener('change', () => {
    state.metric = input.value as Metric;
    if (state.heatmap) map.show(state.heatmap, state.metric);
  });
}

async function start(): Promise<void> {
  $('overlay').hidden = true;
  await Promise.all([refresh(), loadDomains(), loadAlerts(), loadTls()]);
  goLive();
}

/** (Re)subscribes to new alerts about the chosen domain. */
function goLive(): void {
  live?.close();
  live = subscribeToAlerts(state.token!, state.domain, {
    onAlert: (alert) => addAlert(alert, true),
    onStatus: (status, detail) => {
      $('live').textContent = status === 'live' ? '● live' : status === 'reconnecting' ? '○ reconnecting…' : 'live alerts unavailable';
      $('live').title = detail ?? '';
      $('live').dataset.status = status;
    },
  });
}

async function refresh(): Promise<void> {
  try {
    const data = await graphql<{ geoHeatmap: Heatmap }>(HEATMAP, { days: state.days, domain: state.domain }, state.token);
    state.heatmap = data.geoHeatmap;
    map.show(state.heatmap, state.metric);
    $('total').textContent = `${state.heatmap.totalMessages.toLocaleString()} messages from ${state.heatmap.countries.length} countries`;
  } catch (error) {
    handle(error);
  }
}

/** Each domain's TLS success over the window (SMTP TLS reports). */
async function loadTls(): Promise<void> {
  try {
    await showTlsPanel($('tls-rows'), $('tls-caption'), state.token!, state.days, state.domain);
  } catch (error) {
    handle(error);
  }
}

async function loadDomains(): Promise<void> {
  const data = await graphql<{ reports: { edges: { node: { policy: { domain: string } } }[] } }>(DOMAINS, {}, state.token);
  const domains = [...new Set(data.reports.edges.map((e) => e.node.policy.domain))].sort();
  const select = $<HTMLSelectElement>('domain');
  select.replaceChildren(new Option('all domains', ''), ...domains.map((d) => new Option(d, d)));
}

async function loadAlerts(): Promise<void> {
  const open = await loadOpenAlerts(state.token!, state.domain);
  alerts.clear();
  map.clearAlerts();
  $('alerts').replaceChildren();
  for (const alert of open.reverse()) addAlert(alert, false);
}

function addAlert(alert: MapAlert, fresh: boolean): void {
  if (alerts.has(alert.id)) return;
  alerts.set(alert.id, alert);
  map.markAlert(alert, fresh);
  const item = document.createElement('li');
  item.className = fresh ? 'alert fresh' : 'alert';
  item.dataset.alertId = alert.id;
  const where = [alert.geolocation?.city, alert.geolocation?.countryCode].filter(Boolean).join(', ') || 'unknown location';
  // An alert about a domain (TLS_FAILURES) has no sender: it says which domain instead.
  const source = alert.sourceIp === null ? alert.domains.join(', ') : `${alert.sourceIp} · ${where} · ${alert.domains.join(', ')}`;
  item.innerHTML =
    '<div class="alert-head"><b></b><span class="score"></span></div><div class="alert-sender"></div><div class="alert-ip"></div><div class="alert-reason"></div>';
  // Who the source is: "Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned)".
  item.querySelector('.alert-sender')!.textContent = alert.sender?.summary ?? (alert.sourceIp === null ? '' : 'unnamed sender');
  item.querySelector('b')!.textContent = alertKindLabel(alert.kind);
  // The number in words: for a sender, how unusual it is; for a domain's TLS failures, their share.
  const score = item.querySelector<HTMLElement>('.score')!;
  score.textContent = alert.sourceIp === null ? `${Math.round(alert.score * 100)} % of sessions failed` : `anomaly score ${alert.score.toFixed(2)}`;
  score.title = alert.sourceIp === null ? 'Share of the TLS sessions reported for the domain that failed' : 'How unlike the domain\'s usual senders this one is: 0 = like them, 1 = most unlike';
  item.querySelector('.alert-ip')!.textContent = source;
  item.querySelector('.alert-reason')!.textContent = alert.reasons[0] ?? '';
  if (alert.failureReportCount > 0) {
    // Evidence: what this source sent, from the failure reports receivers returned.
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'samples', textContent: `${alert.failureReportCount} failure sample${alert.failureReportCount === 1 ? '' : 's'}` });
    button.addEventListener('click', () => void showFailureSamples($<HTMLDialogElement>('failure-dialog'), state.token!, alert.id, alert.sourceIp ?? alert.domains.join(', ')).catch(handle));
    item.append(button);
  }
  $('alerts').prepend(item);
  $('alert-count').textContent = String(alerts.size);
  if (fresh) toast(`New alert: ${alertKindPhrase(alert.kind)} ${alert.sourceIp === null ? 'for' : 'from'} ${alert.sourceIp === null ? source : `${alert.sender?.name ?? alert.sourceIp} (${alert.sourceIp}, ${where})`}`);
}

async function showCountry(code: string, name: string): Promise<void> {
  const panel = $('country');
  panel.hidden = false;
  $('country-name').textContent = `${name} (${code}): top senders, last ${state.days} days`;
  const link = new URLSearchParams({ country: code, days: String(state.days), ...(state.domain ? { domain: state.domain } : {}) });
  $<HTMLAnchorElement>('country-senders').href = `/senders?${link}`;
  $<HTMLAnchorElement>('country-senders').textContent = `Every sender from ${name} →`;
  const body = $('senders');
  body.replaceChildren();
  try {
    const data = await graphql<{
      topSenders: { sourceIp: string; city: string | null; asOrganization: string | null; messages: number; dmarcFailureRate: number; domains: string[]; sender: { name: string; classification: string } | null }[];
    }>(TOP_SENDERS, { countryCode: code, days: state.days, domain: state.domain }, state.token);
    if (data.topSenders.length === 0) body.append(row(['no mail from here in this window', '', '', '', '']));
    for (const s of data.topSenders) {
      const sender = s.sender ? `${s.sender.name} · ${s.sender.classification.toLowerCase()}` : '';
      body.append(row([s.sourceIp, sender, s.city ?? s.asOrganization ?? '', s.messages.toLocaleString(), `${(100 * s.dmarcFailureRate).toFixed(1)} %`]));
    }
  } catch (error) {
    handle(error);
  }
}

function row(cells: string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const text of cells) tr.append(Object.assign(document.createElement('td'), { textContent: text }));
  return tr;
}

function toast(message: string): void {
  const note = Object.assign(document.createElement('div'), { className: 'toast', textContent: message });
  note.setAttribute('role', 'status');
  $('toasts').append(note);
  setTimeout(() => note.remove(), 8_000);
}

/** An expired or revoked session goes back to the sign-in form; anything else is shown. */
function handle(error: unknown): void {
  if (error instanceof GraphQLRequestError && error.code === 'UNAUTHENTICATED') {
    forgetToken();
    $('overlay').hidden = false;
    $('sign-in-error').textContent = 'Your session ended: sign in again.';
    return;
  }
  toast(error instanceof Error ? error.message : String(error));
}

if (state.token) void start().catch(handle);
