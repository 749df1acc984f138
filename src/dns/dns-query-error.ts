/** Codes that are answers from DNS (the name or the record does not exist), not failures to get one. */
const ANSWER_CODES = new Set(['ENOTFOUND', 'ENODATA']);
/** Failures worth trying again later: the answer may come next time. */
const TEMPORARY_CODES = new Set(['ETIMEOUT', 'ESERVFAIL', 'ECONNREFUSED', 'EREFUSED', 'ECANCELLED', 'EDESTRUCTION', 'ECONNRESET', 'EOF']);

/**
 * A DNS query that gave no records, with node:dns's code: ENOTFOUND (NXDOMAIN), ENODATA (the name
 * exists, the record type does not), ETIMEOUT, ESERVFAIL, EREFUSED, ECONNREFUSED, ECANCELLED,
 * EDNSOFF (DNS_SERVERS=none). mailauth and other callers read `code` as they read node's errors.
 */
export class DnsQueryError extends Error {
  constructor(
    readonly code: string,
    readonly hostname: string,
    readonly rrtype: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${rrtype} ${hostname}: ${code} (${message})`, options);
    this.name = 'DnsQueryError';
  }

  static from(error: unknown, hostname: string, rrtype: string): DnsQueryError {
    if (error instanceof DnsQueryError) return error;
    const code = (error as { code?: unknown })?.code;
    return new DnsQueryError(typeof code === 'string' ? code : 'EUNKNOWN', hostname, rrtype, (error as Error)?.message ?? String(error), { cause: error });
  }

  /** The name or record does not exist: a definite answer, cached as a negative one. */
  get isAnswer(): boolean {
    return ANSWER_CODES.has(this.code);
  }

  /** No answer this time (timeout, SERVFAIL, refused, cancelled): ask again later, keep what was known. */
  get isTemporary(): boolean {
    return TEMPORARY_CODES.has(this.code);
  }
}
