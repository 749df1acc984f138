import type { ConnectionOptions } from 'node:tls';
import { ImapFlow } from 'imapflow';
import type { ImapSettings } from '../config/config.js';

/** How the status row and the logs name a mailbox: never with its password. */
export function mailboxKey(settings: ImapSettings): string {
  return `${settings.user}@${settings.host}:${settings.port}/${settings.mailbox}`;
}

/**
 * A client for the configured server. imaps:// verifies the certificate (Node's defaults);
 * imap:// stays plaintext (loopback and tests; refused in production for other hosts). Every
 * response is bounded a little above the largest message we download.
 */
export function createImapClient(settings: ImapSettings): ImapFlow {
  const literalCap = settings.maxMessageBytes + 1024 * 1024;
  return new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    doSTARTTLS: settings.secure ? undefined : false,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
    socketTimeout: 5 * 60_000,
    maxLiteralSize: literalCap,
    maxResponseSize: literalCap + 1024 * 1024,
    // Servers drop sessions idle for 30 minutes: restart IDLE well before.
    maxIdleTime: Math.min(settings.pollIntervalMs, 10 * 60_000),
    disableAutoIdle: false,
    // imapflow starts IDLE only after 15 s without a command: new mail would wait that long after
    // each pass. A pass sends its commands back to back, so a second never interrupts one.
    autoIdleDelay: 1_000,
    // imapflow merges these into the options of net.connect / tls.connect. Without noDelay, Nagle's
    // algorithm meets the server's delayed ACK on every command sent in two writes (APPEND and
    // its literal, DONE after IDLE): ~40 ms per command, a minute for 1,000 messages.
    // (ConnectionOptions does not list the net.Socket option, hence the widening.)
    tls: { noDelay: true } as ConnectionOptions,
  });
}
