import { errorCodes, ExitCode, type ErrorCodeEntry } from './error-codes.js';

const exitCodeNames = new Map<number, string>(Object.entries(ExitCode).map(([name, value]) => [value, name]));

/** docs/errors.md: the reference page of every error code, printed from the registry (`npm run docs:errors`). */
export function errorCodesMarkdown(): string {
  const rows = Object.entries(errorCodes as Record<string, ErrorCodeEntry>).map(
    ([code, entry]) =>
      `| \`${code}\` | ${entry.httpStatus} | ${entry.exitCode} (${exitCodeNames.get(entry.exitCode)}) | ${entry.description}${entry.raisedBy ? ` Raised by ${entry.raisedBy}.` : ''} |`,
  );
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/errors/error-codes.ts by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every error carries one of these codes: in GraphQL as `extensions.code`, over plain HTTP as',
    '`error.code` of the body `{ "error": { "code", "message", "requestId" } }`. The HTTP status is the',
    "answer's status (GraphQL over HTTP too, when the whole operation was refused); a CLI command that",
    'fails with the error ends with the exit code (sysexits.h values).',
    '',
    '| code | HTTP status | exit code | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
