import { errorCodes, ExitCode, exitCodeMeanings, type ErrorCodeEntry } from './error-codes.js';

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
    `Exit codes: ${exitCodesSentence()}`,
    '',
    '| code | HTTP status | exit code | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** Every exit code a command can end with, with its meaning: 0, then each one the registry uses. */
function exitCodesSentence(): string {
  const used = new Set(Object.values(errorCodes as Record<string, ErrorCodeEntry>).map((entry) => entry.exitCode));
  const codes = Object.entries(ExitCode)
    .filter(([, value]) => used.has(value) || value === ExitCode.FAILURE)
    .sort(([, a], [, b]) => a - b)
    .map(([name, value]) => `${value} ${exitCodeMeanings[name as keyof typeof ExitCode]}`);
  return ['0 done', ...codes].join('; ') + '.';
}

const README_START = '<!-- exit codes: generated from src/errors/error-codes.ts by `npm run docs:errors` -->';
const README_END = '<!-- end of exit codes -->';

/** README.md with its exit code list (between the markers) as the registry gives it. */
export function readmeWithExitCodes(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no exit code list between ${README_START} and ${README_END}`);
  const list = `Exit codes follow sysexits: ${exitCodesSentence()} Every error code with its HTTP status and exit code: [docs/errors.md](docs/errors.md).`;
  return `${readme.slice(0, start + README_START.length)}\n${list}\n${readme.slice(end)}`;
}
