import type { Config } from '../config/config.js';
import type { DemoResult } from './demo-data.js';

/**
 * What the demo prints: what it did, the credentials (once), where to click and a first query.
 * `serverRunning`: a server answers at the configured address, so there is nothing to start.
 */
export function printDemoSummary(result: DemoResult, config: Config, ms: number, serverRunning: boolean): string {
  const base = serverAddress(config);
  const lines = [
    `Demo data ready in ${(ms / 1000).toFixed(1)} s:`,
    `  reports   ${result.reports.stored} stored, ${result.reports.alreadyStored} already there (${result.records} records, 3 domains, 30 days)`,
    `  planted   a spoofing campaign from ${result.planted.campaignIps} addresses and a compromised provider (${result.planted.compromisedIps.join(', ')})`,
    `  model     ${result.model.trainedNow ? 'trained and deployed' : 'already deployed'} (${result.model.id})`,
    `  detection ${result.detection.scored} senders scored, ${result.detection.anomalies} anomalies (${result.detection.new} new); top: ${result.detection.topSourceIps.join(', ')}`,
    `  senders   ${sendersLine(result.senders)}`,
    '',
    result.admin.password
      ? `Admin:       ${result.admin.email}  password: ${result.admin.password}   (shown only now)`
      : `Admin:       ${result.admin.email} (exists; its password was shown on the first run; \`demo --reset\` starts over)`,
    result.viewerKey
      ? `Viewer key:  ${result.viewerKey}   (shown only now; send it as X-API-Key)`
      : 'Viewer key:  "demo viewer" exists (shown on the first run)',
    '',
    serverRunning ? `The server is running at ${base}; open:` : 'Start the server (npm start), then open:',
    `  ${base}/map       the live map: sign in with the admin above`,
    `  ${base}/senders   who sends as the domains: named, classified, to approve or reject`,
    `  ${base}/graphql   the GraphQL IDE: sign in with the person icon, then paste:`,
    '',
    ...FIRST_QUERY.map((line) => `    ${line}`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** The query the summary suggests: pass rates and the open alerts the map shows. */
const FIRST_QUERY = [
  '{ reportSummary(days: 30) { totalMessages dmarcPassRate }',
  '  alerts(filter: { states: [OPEN] }, first: 5) { edges { node { kind sourceIp reasons } } } }',
];

/** Where the configured server answers (PORT, and HOST unless it listens on every interface). */
export function serverAddress(config: Config): string {
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  return `http://${host}:${config.http.port}`;
}

/** Whether a dmarc-analytics server answers its liveness check at `base` (within a second). */
export async function serverAnswers(base: string): Promise<boolean> {
  try {
    const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1_000) });
    const body = (await response.json()) as { status?: unknown; version?: unknown };
    return response.ok && body.status === 'ok' && typeof body.version === 'string';
  } catch {
    return false;
  }
}

function sendersLine(senders: DemoResult['senders']): string {
  const counts = Object.entries(senders.byClassification).map(([classification, n]) => `${n} ${classification.toLowerCase()}`).join(', ');
  const how =
    senders.names === 'dns'
      ? 'names from the demo\'s DNS zone, served by a loopback dnsmasq'
      : 'names written from the demo\'s DNS zone: dnsmasq is not installed (apt-get install dnsmasq-base to name them through DNS)';
  return `${senders.total} (per domain), ${senders.named === senders.total ? 'every one' : `${senders.named}`} named (${how}): ${counts}`;
}
