import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * A reproducible corpus of realistic aggregate reports for benchmarks (parse-only here, database
 * ingestion later): reporters with their real naming habits, 1 to 100k records per report,
 * IPv4 and IPv6 senders, mixed pass/fail with DKIM and SPF auth results, some reports gzipped.
 */

export interface CorpusFile {
  readonly file: string;
  readonly records: number;
  readonly messages: number;
}

export interface CorpusOptions {
  readonly totalRecords: number;
  readonly seed: number;
}

/** mulberry32: tiny, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const reporters = [
  { org: 'google.com', email: 'noreply-dmarc-support@google.com', contact: 'https://support.google.com/a/answer/2466580' },
  { org: 'Outlook.com', email: 'dmarcreport@microsoft.com', contact: null },
  { org: 'Yahoo', email: 'dmarchelp@yahooinc.com', contact: null },
  { org: 'FastMail Pty Ltd', email: 'reports@fastmaildmarc.com', contact: 'https://fastmail.com/' },
  { org: 'Mail.Ru', email: 'dmarc_support@corp.mail.ru', contact: 'http://help.mail.ru/mail-help' },
  { org: 'comcast.net', email: 'dmarc_ar@comcast.net', contact: null },
  { org: 'Enterprise Outlook', email: 'dmarcreport@microsoft.com', contact: null },
  { org: 'AMAZON-SES', email: 'postmaster@amazonses.com', contact: null },
] as const;

const domains = ['example.com', 'shop.example.com', 'news.example.org', 'mail.example.net', 'example.co.uk'];
const senders = ['sendgrid.net', 'amazonses.com', 'mailchimp.com', 'google.com', 'outlook.com', 'spammer.example'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Report sizes: mostly small, some medium, a few very large, as in a real mailbox. */
export function reportSizes(random: () => number, totalRecords: number): number[] {
  const sizes: number[] = [];
  let left = totalRecords;
  const buckets = [
    { weight: 0.6, min: 1, max: 20 },
    { weight: 0.3, min: 20, max: 2_000 },
    { weight: 0.08, min: 2_000, max: 20_000 },
    { weight: 0.02, min: 20_000, max: 100_000 },
  ];
  sizes.push(100_000, 1); // always cover both ends
  left -= 100_001;
  while (left > 0) {
    let roll = random();
    const bucket = buckets.find((candidate) => (roll -= candidate.weight) < 0) ?? buckets[0]!;
    const size = Math.min(left, bucket.min + Math.floor(random() * (bucket.max - bucket.min)));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

function sourceIp(random: () => number): string {
  if (random() < 0.2) {
    const hextet = () => Math.floor(random() * 65536).toString(16);
    return `2001:db8:${hextet()}:${hextet()}::${hextet()}`;
  }
  const octet = () => Math.floor(random() * 256);
  return `${1 + Math.floor(random() * 223)}.${octet()}.${octet()}.${octet()}`;
}

function recordXml(random: () => number, domain: string): { xml: string; count: number } {
  const count = random() < 0.7 ? 1 + Math.floor(random() * 5) : 1 + Math.floor(random() * 5000);
  const dkimPass = random() < 0.7;
  const spfPass = random() < 0.6;
  const disposition = dkimPass || spfPass ? 'none' : pick(random, ['none', 'quarantine', 'reject']);
  const sender = pick(random, senders);
  const forwarded = !dkimPass && !spfPass && random() < 0.1;
  const reason = forwarded ? '<reason><type>forwarded</type><comment>looks forwarded</comment></reason>' : '';
  const extraDkim = random() < 0.3 ? `<dkim><domain>${sender}</domain><selector>s${Math.floor(random() * 9)}</selector><result>pass</result></dkim>` : '';
  const xml = `  <record>
    <row>
      <source_ip>${sourceIp(random)}</source_ip>
      <count>${count}</count>
      <policy_evaluated>
        <disposition>${disposition}</disposition>
        <dkim>${dkimPass ? 'pass' : 'fail'}</dkim>
        <spf>${spfPass ? 'pass' : 'fail'}</spf>${reason}
      </policy_evaluated>
    </row>
    <identifiers>
      <envelope_from>${spfPass ? domain : sender}</envelope_from>
      <header_from>${domain}</header_from>
    </identifiers>
    <auth_results>
      <dkim>
        <domain>${domain}</domain>
        <selector>selector${Math.floor(random() * 3)}</selector>
        <result>${dkimPass ? 'pass' : 'fail'}</result>
      </dkim>${extraDkim}
      <spf>
        <domain>${spfPass ? domain : sender}</domain>
        <scope>mfrom</scope>
        <result>${spfPass ? 'pass' : pick(random, ['fail', 'softfail', 'neutral', 'none'])}</result>
      </spf>
    </auth_results>
  </record>
`;
  return { xml, count };
}

export function reportXml(random: () => number, records: number, index: number): { xml: string; messages: number } {
  const reporter = pick(random, reporters);
  const domain = pick(random, domains);
  const begin = 1_700_000_000 + index * 86_400;
  const parts: string[] = [];
  let messages = 0;
  for (let i = 0; i < records; i++) {
    const record = recordXml(random, domain);
    parts.push(record.xml);
    messages += record.count;
  }
  const contact = reporter.contact === null ? '' : `\n    <extra_contact_info>${reporter.contact}</extra_contact_info>`;
  const xml = `<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>${reporter.org}</org_name>
    <email>${reporter.email}</email>${contact}
    <report_id>${index}.${Math.floor(random() * 1e9)}</report_id>
    <date_range>
      <begin>${begin}</begin>
      <end>${begin + 86_399}</end>
    </date_range>
  </report_metadata>
  <policy_published>
    <domain>${domain}</domain>
    <adkim>r</adkim>
    <aspf>r</aspf>
    <p>${pick(random, ['none', 'quarantine', 'reject'])}</p>
    <sp>none</sp>
    <pct>100</pct>
    <fo>0</fo>
  </policy_published>
${parts.join('')}</feedback>
`;
  return { xml, messages };
}

/** Writes the corpus into `directory` and a `manifest.json` listing files and their record counts. */
export function generateCorpus(directory: string, options: CorpusOptions): CorpusFile[] {
  mkdirSync(directory, { recursive: true });
  const random = seededRandom(options.seed);
  const files: CorpusFile[] = reportSizes(random, options.totalRecords).map((records, index) => {
    const { xml, messages } = reportXml(random, records, index);
    const name = `reporter${index}!example.com!${1_700_000_000 + index * 86_400}.xml`;
    // Like real mailboxes: large reports arrive compressed.
    const gzip = records > 1000 && index % 2 === 0;
    const file = gzip ? `${name}.gz` : name;
    writeFileSync(join(directory, file), gzip ? gzipSync(xml) : xml);
    return { file, records, messages };
  });
  writeFileSync(join(directory, 'manifest.json'), JSON.stringify(files, null, 1));
  return files;
}
