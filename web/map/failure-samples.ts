import { ALERT_FAILURE_REPORTS, graphql, GraphQLRequestError } from './queries.js';

interface FailureReport {
  readonly id: string;
  readonly format: string;
  readonly arrivalDate: string;
  readonly sourceIp: string | null;
  readonly reportedDomain: string;
  readonly reporterDomain: string | null;
  readonly geolocation: { readonly countryCode: string | null; readonly city: string | null; readonly asOrganization: string | null } | null;
  readonly authFailure: readonly string[];
  readonly deliveryResult: string | null;
  readonly originalMailFrom: string | null;
  readonly originalRcptTo: readonly string[];
  readonly authenticationResults: string | null;
  readonly sample: {
    readonly kind: string;
    readonly from: string | null;
    readonly to: readonly string[];
    readonly subject: string | null;
    readonly date: string | null;
    readonly messageId: string | null;
    readonly urls: readonly string[];
    readonly attachmentNames: readonly string[];
    readonly body: string | null;
    readonly headers: readonly { readonly name: string; readonly value: string }[];
  } | null;
}

/**
 * An alert's evidence in a dialog: the failure reports its source IP sent ("here is what they
 * sent"). Failure samples are personal data: a viewer is told so instead of shown them.
 */
export async function showFailureSamples(dialog: HTMLDialogElement, token: string, alertId: string, label: string): Promise<void> {
  const title = dialog.querySelector<HTMLElement>('#failure-title')!;
  const body = dialog.querySelector<HTMLElement>('#failure-body')!;
  title.textContent = `Failure samples from ${label}`;
  body.replaceChildren(text('p', 'Loading…'));
  if (!dialog.open) dialog.showModal();
  try {
    const data = await graphql<{ alert: { failureReports: { totalCount: number; edges: { node: FailureReport }[] } } | null }>(ALERT_FAILURE_REPORTS, { id: alertId }, token);
    const reports = data.alert?.failureReports.edges.map((edge) => edge.node) ?? [];
    body.replaceChildren(
      text('p', `${data.alert?.failureReports.totalCount ?? 0} failure report(s) from this source, newest first${reports.length < (data.alert?.failureReports.totalCount ?? 0) ? ` (the first ${reports.length} shown)` : ''}.`),
      ...reports.map(reportCard),
    );
  } catch (error) {
    const forbidden = error instanceof GraphQLRequestError && error.code === 'FORBIDDEN';
    body.replaceChildren(
      text('p', forbidden
        ? 'Failure samples are personal data (RFC 6590): analysts and administrators read them. Your role sees how many there are.'
        : `The failure samples could not be loaded: ${(error as Error).message}`),
    );
    body.firstElementChild!.className = forbidden ? 'notice' : 'error';
  }
}

function reportCard(report: FailureReport): HTMLElement {
  const card = document.createElement('article');
  card.className = 'failure-report';
  card.dataset.failureReportId = report.id;
  const sample = report.sample;
  card.append(text('h3', sample?.subject ?? '(no subject)'));
  const where = [report.geolocation?.city, report.geolocation?.countryCode, report.geolocation?.asOrganization].filter(Boolean).join(', ');
  const facts: [string, string][] = [
    ['From', sample?.from ?? '–'],
    ['To', sample?.to.join(', ') || report.originalRcptTo.join(', ') || '–'],
    ['Source', `${report.sourceIp ?? 'unknown'}${where ? ` (${where})` : ''}`],
    ['Arrived', new Date(report.arrivalDate).toUTCString()],
    ['Failed', `${report.authFailure.join(', ')}${report.deliveryResult ? `; receiver: ${report.deliveryResult}` : ''}`],
    ['Reported by', `${report.reporterDomain ?? 'unknown'} (${report.format.toLowerCase()}), about ${report.reportedDomain}`],
  ];
  if (sample && sample.urls.length > 0) facts.push(['Links', sample.urls.join('\n')]);
  if (sample && sample.attachmentNames.length > 0) facts.push(['Attachments', sample.attachmentNames.join(', ')]);
  const list = document.createElement('dl');
  for (const [term, value] of facts) list.append(text('dt', term), text('dd', value));
  card.append(list);
  if (sample) {
    const details = document.createElement('details');
    details.append(text('summary', `Header of the failed message (${sample.headers.length} fields${sample.kind === 'HEADERS' ? ', sent without its body' : ''})`));
    details.append(text('pre', sample.headers.map((h) => `${h.name}: ${h.value}`).join('\n')));
    if (sample.body) details.append(text('pre', sample.body));
    card.append(details);
  }
  return card;
}

function text<K extends keyof HTMLElementTagNameMap>(tag: K, content: string): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), { textContent: content });
}
