import type { GeneratedTraffic, SenderRole } from '../anomaly-detection/traffic/index.js';
import type { DnsZone } from '../dns/dns-zone.js';
import type { ReverseDnsLookup } from '../senders/naming/forward-confirmed-name.js';
import { demoAddress } from './demo-addresses.js';

/**
 * Who each demo address is. The addresses are synthetic (ranges the 2019 GeoLite2 file puts in the
 * right countries), so the demo brings its own DNS: a zone in which every address has a PTR name
 * that resolves back to it (served by a loopback dnsmasq during `dmarc-analytics demo`), and
 * report contents that match who is sending (a misconfigured service signs with its own domain,
 * a mailing list is reported as one).
 */
export interface DemoSender {
  /** Its forward-confirmed reverse DNS name in the demo zone. */
  readonly ptrName: string;
  /**
   * A known service sending for the domain without being set up for it: it signs with its own
   * domain (DKIM d=) and bounces to its own (SPF), neither aligned, so DMARC fails.
   */
  readonly ownDomain?: string;
  /** Receivers report its mail as mailing_list (as Microsoft's reports do). */
  readonly mailingList?: boolean;
}

/** A sender of the cast, given its address with dashes (`209-85-1-1`): every PTR name is the address's own. */
type Cast = (x: string) => DemoSender;

/**
 * Per role, the service of each address range of demo-addresses.ts (in the same order). An
 * address of range i sends for the domain (index % 3) of its role, so every range is one sender
 * of one domain: Google, Amazon SES, SendGrid, Mailchimp, the domain's own server and Microsoft 365
 * as providers; Pobox, Forward Email and a university relay forwarding; Groups.io and a project's
 * list server; small SaaS senders, two of them misconfigured; residential and rented addresses
 * spoofing.
 */
const CAST: Readonly<Record<SenderRole, readonly Cast[]>> = {
  provider: [
    (x) => ({ ptrName: `mail-sor-f${x}.google.com` }),
    (x) => ({ ptrName: `a${x}.smtp-out.us-west-2.amazonses.com` }),
    (x) => ({ ptrName: `o${x}.ptr.sendgrid.net` }),
    (x) => ({ ptrName: `mail${x}.atl41.mcsv.net` }),
    (x) => ({ ptrName: `smtp${x}.example.org` }),
    (x) => ({ ptrName: `mail-${x}.outbound.protection.outlook.com` }),
  ],
  forwarder: [
    (x) => ({ ptrName: `fwd${x}.pobox.com` }),
    (x) => ({ ptrName: `mx${x}.forwardemail.net` }),
    (x) => ({ ptrName: `relay${x}.example-university.edu` }),
  ],
  mailingList: [
    (x) => ({ ptrName: `lists${x}.groups.io`, mailingList: true }),
    (x) => ({ ptrName: `lists${x}.example-project.org`, mailingList: true }),
  ],
  smallSender: [
    (x) => ({ ptrName: `o${x}.ptr.sendgrid.net`, ownDomain: 'sendgrid.net' }),
    (x) => ({ ptrName: `m${x}.mailgun.net` }),
    (x) => ({ ptrName: `mta${x}.hubspotemail.net`, ownDomain: 'hubspotemail.net' }),
    (x) => ({ ptrName: `mail${x}.zoho.com` }),
    (x) => ({ ptrName: `smtp${x}.mta.salesforce.com` }),
    (x) => ({ ptrName: `mta${x}.mtasv.net` }),
  ],
  campaign: [
    (x) => ({ ptrName: `${x}.dynamic.rostelecom.ru` }),
    (x) => ({ ptrName: `ip${x}.ovh.net` }),
    (x) => ({ ptrName: `dynamic-${x}.mts.ru` }),
    (x) => ({ ptrName: `${x}.163data.com.cn` }),
    (x) => ({ ptrName: `dynamic-${x}.vnpt.vn` }),
    (x) => ({ ptrName: `${x}.dsl.telesp.net.br` }),
  ],
};

/** Every address that sends in the demo traffic, with who it is. */
export function demoSenders(traffic: Pick<GeneratedTraffic, 'ipCount' | 'records'>): Map<string, DemoSender> {
  const sending = new Set(traffic.records.sourceIp);
  const senders = new Map<string, DemoSender>();
  for (const role of Object.keys(CAST) as SenderRole[]) {
    const casts = CAST[role];
    for (let index = 0; index < traffic.ipCount[role]; index++) {
      const ip = demoAddress(role, index);
      if (sending.has(ip)) senders.set(ip, casts[index % casts.length]!(ip.replaceAll('.', '-')));
    }
  }
  return senders;
}

/** The demo's DNS: a PTR name for every address, and the A record that confirms it. */
export function demoZone(senders: ReadonlyMap<string, DemoSender>): DnsZone {
  const ptr: Record<string, string> = {};
  const hosts: Record<string, string[]> = {};
  for (const [ip, sender] of senders) {
    ptr[ip] = sender.ptrName;
    hosts[sender.ptrName] = [ip];
  }
  return { ptr, hosts };
}

/** What a DNS lookup of each address would find in the demo zone: for naming without dnsmasq. */
export function demoZoneLookups(senders: ReadonlyMap<string, DemoSender>): ReverseDnsLookup[] {
  return [...senders].map(([ip, sender]) => ({ ip, status: 'CONFIRMED', ptrName: sender.ptrName, confirmedName: sender.ptrName, error: null }));
}
