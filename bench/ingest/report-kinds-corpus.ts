import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seededRandom } from './corpus.js';

/**
 * A reproducible corpus of failure and SMTP TLS reports, in the shapes real mailboxes hold them:
 * failure reports as ARF e-mails with a whole sample (HTML, a link, sometimes an attachment), with
 * only the sample's header, or as Exim's plain text; TLS reports as JSON, gzipped JSON and e-mails
 * with the gzipped JSON attached, of one to four policies with up to five failure types each.
 */

const RESULT_TYPES = ['certificate-expired', 'starttls-not-supported', 'validation-failure', 'certificate-host-mismatch', 'sts-policy-fetch-error'];

export interface ReportKindsCorpus {
  readonly failure: string[];
  readonly tls: string[];
}

function ip(random: () => number): string {
  return `${1 + Math.floor(random() * 223)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
}

function mailDate(seconds: number): string {
  return new Date(seconds * 1000).toUTCString().replace('GMT', '+0000');
}

function failureEmail(random: () => number, index: number): string {
  const source = ip(random);
  const when = mailDate(1_796_000_000 + index * 600);
  const domain = `brand${index % 20}.example`;
  const shape = random();
  const fields = `Feedback-Type: auth-failure
User-Agent: Receiver/${index % 7}
Version: 1
Original-Mail-From: bounce-${index}@sender${index % 50}.example
Original-Rcpt-To: user${index}@receiver.example
Arrival-Date: ${when}
Source-IP: ${source}
Reported-Domain: ${domain}
Authentication-Results: mx.receiver.example; dkim=fail header.d=${domain}; spf=fail smtp.mailfrom=sender${index % 50}.example; dmarc=fail header.from=${domain}
Auth-Failure: dmarc
Delivery-Result: ${random() < 0.5 ? 'reject' : 'delivered'}
`;
  const header = `Received: from host${index}.sender.example (host${index}.sender.example [${source}])
	by mx.receiver.example with ESMTP id ${index.toString(36)}; ${when}
From: "${domain} support" <support@${domain}>
To: user${index}@receiver.example
Subject: Action required on account ${index}
Date: ${when}
Message-ID: <${index}.${Math.floor(random() * 1e9)}@sender.example>
MIME-Version: 1.0
`;
  const paragraphs = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, i) => `<p>Paragraph ${i}: please confirm your details at <a href="https://login${index % 9}.phish.example/p/${i}?u=user${index}%40receiver.example">this page</a>.</p>`).join('\n');
  if (shape < 0.15) {
    // Exim: a plain-text report with a copy of the header.
    return `From: Mail Delivery System <Mailer-Daemon@mx.receiver.example>
To: ruf@${domain}
Subject: DMARC Forensic Report for ${domain} from IP ${source}
Date: ${when}
Message-ID: <exim-${index}@mx.receiver.example>
Content-Type: text/plain

A message claiming to be from you has failed the published DMARC
policy for your domain.

  Sender Domain: ${domain}
  Sender IP Address: ${source}
  Received Date: ${when}
  SPF Alignment: no
  DKIM Alignment: no
  DMARC Results: Reject

------ This is a copy of the headers that were received before the error
       was detected.

${header}`;
  }
  const sample = shape < 0.4
    ? `Content-Type: text/rfc822-headers\n\n${header}`
    : `Content-Type: message/rfc822\n\n${header}Content-Type: multipart/mixed; boundary="s${index}"\n\n--s${index}\nContent-Type: text/html\n\n<html><body>${paragraphs}</body></html>\n` +
      (random() < 0.3 ? `--s${index}\nContent-Type: application/pdf; name="invoice-${index}.pdf"\nContent-Disposition: attachment; filename="invoice-${index}.pdf"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n` : '') +
      `--s${index}--\n`;
  return `From: dmarc-noreply@receiver.example
To: ruf@${domain}
Subject: DMARC Failure Report for ${domain}
Date: ${when}
Message-ID: <ruf-${index}@receiver.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="r${index}"

--r${index}
Content-Type: text/plain

This is an authentication failure report for a message from ${source}.

--r${index}
Content-Type: message/feedback-report

${fields}
--r${index}
${sample}
--r${index}--
`;
}

function tlsJson(random: () => number, index: number): string {
  const begin = new Date(Date.UTC(2026, 10, 1) + (index % 30) * 86_400_000);
  const policies = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, p) => {
    const failures = RESULT_TYPES.slice(0, Math.floor(random() * 6)).map((type, f) => ({
      'result-type': type,
      'sending-mta-ip': ip(random),
      'receiving-mx-hostname': `mx${f}.domain${index % 40}.example`,
      'failed-session-count': 1 + Math.floor(random() * 50),
      ...(random() < 0.5 ? { 'additional-information': `https://reporter.example/tls/${index}/${f}` } : { 'additional-info-uri': `https://reporter.example/tls/${index}/${f}` }),
    }));
    return {
      policy: {
        'policy-type': p === 0 ? 'sts' : 'no-policy-found',
        'policy-string': p === 0 ? ['version: STSv1', 'mode: enforce', `mx: *.domain${index % 40}.example`, 'max_age: 86400'] : [],
        'policy-domain': `domain${(index + p) % 40}.example`,
        ...(random() < 0.5 ? { 'mx-host': `*.domain${index % 40}.example` } : { 'mx-host-pattern': [`*.domain${index % 40}.example`] }),
      },
      summary: { 'total-successful-session-count': Math.floor(random() * 5000), 'total-failure-session-count': failures.reduce((sum, f) => sum + f['failed-session-count'], 0) },
      ...(failures.length > 0 ? { 'failure-details': failures } : {}),
    };
  });
  return JSON.stringify({
    'organization-name': `Reporter ${index % 5}`,
    'date-range': { 'start-datetime': begin.toISOString(), 'end-datetime': new Date(begin.getTime() + 86_399_000).toISOString() },
    'contact-info': `tls-reports@reporter${index % 5}.example`,
    'report-id': `${begin.toISOString()}_${index}`,
    policies,
  });
}

function tlsEmail(json: string, index: number): string {
  const base64 = (gzipSync(json).toString('base64').match(/.{1,76}/g) ?? []).join('\n');
  return `From: noreply-smtp-tls-reporting@reporter.example
To: tlsrpt@domain.example
Subject: Report Domain: domain${index % 40}.example Submitter: reporter.example
Date: ${mailDate(1_796_000_000 + index * 600)}
Message-ID: <tls-${index}@reporter.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=tlsrpt; boundary="t${index}"

--t${index}
Content-Type: text/plain

This is an aggregate TLS report.

--t${index}
Content-Type: application/tlsrpt+gzip; name="report-${index}.json.gz"
Content-Disposition: attachment; filename="report-${index}.json.gz"
Content-Transfer-Encoding: base64

${base64}
--t${index}--
`;
}

/** Writes `count` failure reports into `<directory>/failure` and `count` TLS reports into `<directory>/tls`. */
export function writeReportKindsCorpus(directory: string, count: number, seed = 9991): ReportKindsCorpus {
  const random = seededRandom(seed);
  const failure: string[] = [];
  const tls: string[] = [];
  mkdirSync(join(directory, 'failure'), { recursive: true });
  mkdirSync(join(directory, 'tls'), { recursive: true });
  for (let i = 0; i < count; i++) {
    const path = join(directory, 'failure', `ruf-${i}.eml`);
    writeFileSync(path, failureEmail(random, i).replace(/\n/g, '\r\n'));
    failure.push(path);
    const json = tlsJson(random, i);
    const shape = i % 3;
    const tlsPath = join(directory, 'tls', shape === 0 ? `tls-${i}.json` : shape === 1 ? `tls-${i}.json.gz` : `tls-${i}.eml`);
    writeFileSync(tlsPath, shape === 0 ? json : shape === 1 ? gzipSync(json) : tlsEmail(json, i).replace(/\n/g, '\r\n'));
    tls.push(tlsPath);
  }
  return { failure, tls };
}
