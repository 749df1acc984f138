import type { SenderRole } from '../anomaly-detection/traffic/index.js';

/**
 * Address ranges of the demo's senders, chosen so the bundled GeoLite2 database puts them in real
 * countries: providers in the US and Europe, the spoofing campaign in Russia, China, Vietnam and
 * Brazil. Each role has ranges of its own, so no address has two roles.
 */
const RANGES: Readonly<Record<SenderRole, readonly string[]>> = {
  provider: ['209.85', '54.240', '167.89', '18.200', '88.198', '40.107'],
  forwarder: ['31.13', '91.198', '62.149'],
  mailingList: ['195.154', '176.9'],
  smallSender: ['13.111', '52.100', '149.72', '217.72', '1.171', '41.203'],
  campaign: ['5.45', '45.142', '46.161', '180.76', '14.162', '186.220'],
};

export function demoAddress(role: SenderRole, index: number): string {
  const ranges = RANGES[role];
  const range = ranges[index % ranges.length]!;
  const n = Math.floor(index / ranges.length);
  return `${range}.${1 + (n >> 8)}.${1 + (n & 255)}`;
}
