/**
 * The one list of error codes a client, an operator or a script can see: GraphQL
 * `extensions.code`, the `error.code` of an HTTP error body, the HTTP status it answers with and
 * the exit code a CLI command ends with. Every error class (src/errors/app-error.ts and its
 * subclasses) and every hand-built GraphQLError takes its code from here, so a code cannot be
 * misspelt and its status cannot differ between transports.
 *
 * Adding a code: add an entry below, use it (`class X extends AppError { readonly code = 'X' }`,
 * or `graphQLErrorFor('X', message)`), then `npm run docs:errors` (docs/errors.md; a test fails
 * while it is stale). Codes are a public contract: rename none, remove none without a release note.
 */

/** sysexits.h values, so scripts can tell a usage error from bad data from an outage. */
export const ExitCode = {
  FAILURE: 1,
  USAGE: 64,
  DATA_ERROR: 65,
  NO_INPUT: 66,
  UNAVAILABLE: 69,
  TEMPORARY_FAILURE: 75,
  NO_PERMISSION: 77,
  CONFIG: 78,
} as const;

/** What each exit code tells a script, for the README's list and docs/errors.md (`npm run docs:errors`). */
export const exitCodeMeanings: Readonly<Record<keyof typeof ExitCode, string>> = {
  FAILURE: 'anything else: a file or message rejected, a job run failed, an unexpected error (one line with its error id)',
  USAGE: 'bad usage (an argument or option)',
  DATA_ERROR: 'bad data (a refused report, a weak password, an address taken)',
  NO_INPUT: 'what an argument names does not exist',
  UNAVAILABLE: 'a dependency is unavailable (PostgreSQL, MongoDB, Redis, the GeoIP file, a deployed model)',
  TEMPORARY_FAILURE: 'try again later (a rate limit)',
  NO_PERMISSION: 'no valid credential, or a role that may not do it',
  CONFIG: 'invalid configuration (every problem listed)',
};

export interface ErrorCodeEntry {
  readonly httpStatus: number;
  readonly exitCode: (typeof ExitCode)[keyof typeof ExitCode];
  /** What happened and what the caller can do about it; printed in docs/errors.md. */
  readonly description: string;
  /** Where the code is raised when it is not one of our own error classes. */
  readonly raisedBy?: 'Apollo Server' | 'fastify';
}

const entry = (httpStatus: number, exitCode: ErrorCodeEntry['exitCode'], description: string, raisedBy?: ErrorCodeEntry['raisedBy']): ErrorCodeEntry =>
  raisedBy ? { httpStatus, exitCode, description, raisedBy } : { httpStatus, exitCode, description };

/** Every refusal of a report file is a data error for the CLI, so a script can skip it and go on. */
const refusedReport = (httpStatus: number, description: string) => entry(httpStatus, ExitCode.DATA_ERROR, description);

export const errorCodes = {
  // Requests and arguments
  BAD_USER_INPUT: entry(400, ExitCode.USAGE, 'An argument is invalid (out of range, malformed id, wrong combination); the message names it.'),
  BAD_REQUEST: entry(400, ExitCode.USAGE, 'The HTTP request itself is malformed (unreadable body, missing query).', 'fastify'),
  GRAPHQL_PARSE_FAILED: entry(400, ExitCode.USAGE, 'The operation is not valid GraphQL syntax.', 'Apollo Server'),
  GRAPHQL_VALIDATION_FAILED: entry(
    400,
    ExitCode.USAGE,
    'The operation does not fit the schema, or breaks a limit checked before it runs (depth, aliases, tokens, cost: `extensions.cost` and `extensions.maxCost`).',
    'Apollo Server',
  ),
  NOT_FOUND: entry(404, ExitCode.NO_INPUT, 'The object named by the argument does not exist (or is not visible to the caller).'),
  ALREADY_EXISTS: entry(409, ExitCode.DATA_ERROR, 'A unique value (an e-mail address) is taken already.'),
  PAYLOAD_TOO_LARGE: entry(413, ExitCode.DATA_ERROR, 'The request body is larger than the route accepts (`GRAPHQL_BODY_LIMIT_BYTES`, `REPORT_UPLOAD_LIMIT_BYTES`).', 'fastify'),
  UNSUPPORTED_MEDIA_TYPE: entry(415, ExitCode.DATA_ERROR, 'The `content-type` is not one the route reads; the message lists those it does.'),

  // Credentials and limits
  UNAUTHENTICATED: entry(401, ExitCode.NO_PERMISSION, 'No valid credential (missing, wrong, expired, revoked, or a locked account: one message for all, on purpose).'),
  FORBIDDEN: entry(403, ExitCode.NO_PERMISSION, 'The credential is valid but its role may not do this (src/auth/permissions.ts).'),
  WEAK_PASSWORD: entry(400, ExitCode.DATA_ERROR, 'The password breaks the policy; the message lists every rule it breaks.'),
  RATE_LIMITED: entry(429, ExitCode.TEMPORARY_FAILURE, 'Too many requests from this client, user, API key or login; retry after `Retry-After` seconds (`extensions.retryAfterSeconds`).'),
  TOO_MANY_OPERATIONS: entry(429, ExitCode.TEMPORARY_FAILURE, 'More operations at once on one WebSocket than `GRAPHQL_WS_MAX_OPERATIONS`; wait for one to finish.'),

  // Reports refused by ingestion (POST /reports, ingestReport, `ingest`)
  INVALID_REPORT: refusedReport(422, 'The report is readable but a value is missing or invalid; the message names the field and record.'),
  EMPTY_REPORT: refusedReport(422, 'Zero bytes, or a container holding no report.'),
  MALFORMED_XML: refusedReport(422, 'The XML cannot be read (also: U+0000, raw or as `&#0;`); the message gives the character offset.'),
  MALFORMED_JSON: refusedReport(422, 'An SMTP TLS report (RFC 8460) that is not JSON, or whose JSON is not an object; the message gives the position.'),
  JSON_TOO_DEEP: refusedReport(422, 'A TLS report\'s JSON nests arrays and objects deeper than allowed (32; a report needs 5).'),
  UNSAFE_XML: refusedReport(422, 'The XML declares a DTD or entities (how XXE and "billion laughs" work): refused outright.'),
  INVALID_ENCODING: refusedReport(422, 'The bytes are not valid in the declared character encoding.'),
  UNSUPPORTED_FORMAT: refusedReport(422, 'Not XML, JSON, gzip, zip nor an e-mail.'),
  CORRUPT_ARCHIVE: refusedReport(422, 'A truncated gzip, a corrupt or encrypted zip, an unreadable e-mail.'),
  NESTING_TOO_DEEP: refusedReport(422, 'Containers inside containers (zip in e-mail in zip ...) deeper than allowed.'),
  XML_TOO_DEEP: refusedReport(422, 'XML elements nested deeper than allowed (32; a report needs 6).'),
  FIELD_TOO_LONG: refusedReport(422, 'A field\'s text, all its pieces together, is longer than that field allows (256 characters to 4 KiB); the message names the field and record.'),
  REPORT_TOO_LARGE: refusedReport(
    413,
    'Over a size limit (input bytes, decompressed bytes, a buffered zip or e-mail, records, token length, repeated results, a TLS report\'s JSON or entries); the message names the limit.',
  ),
  COMPRESSION_BOMB: refusedReport(413, 'Decompresses to far more than its compressed size: stopped before it fills memory.'),
  TOO_MANY_ENTRIES: refusedReport(413, 'An archive or e-mail with more entries than allowed (16); an e-mail is refused whole.'),
  INGESTION_FAILED: entry(500, ExitCode.FAILURE, 'A mailbox message whose ingestion failed with an unexpected error (not a refusal) `IMAP_MAX_ATTEMPTS` times: moved to the refused folder and kept in the quarantine so it blocks nothing; re-ingest it once the cause is fixed.'),
  TOO_MANY_DOCUMENTS: refusedReport(413, 'One file holding more concatenated `<feedback>` documents than allowed (1,000); those before the limit stay stored, the file is kept in the quarantine.'),
  UNREADABLE_FILE: refusedReport(400, 'The file cannot be read (missing, a directory, no permission): `ingest` only.'),

  // Anomaly detection
  INSUFFICIENT_TRAINING_DATA: entry(422, ExitCode.DATA_ERROR, 'Too few source IPs in the training window for a meaningful model; widen the window.'),
  NO_DEPLOYED_MODEL: entry(409, ExitCode.UNAVAILABLE, 'Detection needs a deployed model: train one (`trainModel`) and deploy it (`deployModel`).'),
  ANOMALY_MODEL_CORRUPT: entry(500, ExitCode.DATA_ERROR, 'A stored model cannot be loaded (bad magic, version, checksum or structure); retrain it.'),

  // Alerts
  ALERT_STATE_CONFLICT: entry(409, ExitCode.DATA_ERROR, 'The alert\'s state does not allow the change (acknowledging a resolved alert, say); the message gives both states.'),
  SUPPRESSION_RULE_TOO_BROAD: entry(
    400,
    ExitCode.USAGE,
    'A suppression rule for a block wider than /16 (IPv4) or /32 (IPv6), up to `0.0.0.0/0`, would silence future alerts from a large part of the internet: repeat with `allowBroad: true` if that is meant.',
  ),

  // The service and its dependencies
  DEPENDENCY_UNAVAILABLE: entry(503, ExitCode.UNAVAILABLE, 'A store or file the service needs (PostgreSQL, MongoDB, Redis, a GeoIP file) cannot be reached; try again later.'),
  GEOIP_UNAVAILABLE: entry(503, ExitCode.UNAVAILABLE, 'The GeoIP database a lookup needs is missing, unreadable or corrupt; reserved addresses are still answered.'),
  STARTUP_FAILED: entry(503, ExitCode.UNAVAILABLE, 'Several dependencies failed at start-up; the message names each of them.'),
  CONFIG_INVALID: entry(500, ExitCode.CONFIG, 'Invalid settings; the message lists every problem (`dmarc-analytics check-config`).'),
  INTERNAL_SERVER_ERROR: entry(
    500,
    ExitCode.FAILURE,
    'An unexpected failure. It is logged with `extensions.errorId`; in production the message is only that id. A CLI command prints one line with its error id and writes the trace to a file it names.',
    'Apollo Server',
  ),
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}
