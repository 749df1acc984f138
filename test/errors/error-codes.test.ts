import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../src/auth/errors.js';
import { errorCodesMarkdown, readmeWithExitCodes } from '../../src/errors/error-codes-doc.js';
import { errorCodes } from '../../src/errors/error-codes.js';
import { graphQLErrorFor } from '../../src/errors/graphql-error.js';
import { ReportTooLargeError } from '../../src/ingestion/errors.js';
import { RefusedReportError } from '../../src/ingestion/refused-report-error.js';
import { projectRoot } from '../../src/paths.js';
import { rateLimitedBody, rateLimitedGraphQLError } from '../../src/rate-limit/rate-limited-error.js';

describe('the error registry', () => {
  it('is what docs/errors.md documents (run `npm run docs:errors` after changing src/errors/error-codes.ts)', () => {
    expect(errorCodesMarkdown()).toBe(readFileSync(join(projectRoot, 'docs/errors.md'), 'utf8'));
  });

  it('is where the README\'s exit codes come from (run `npm run docs:errors`)', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    expect(readmeWithExitCodes(readme)).toBe(readme);
    // Every exit code the registry can end a command with is listed: `reingest --id 999` ends with 66.
    expect(readme).toMatch(/^Exit codes follow sysexits: 0 done; 1 anything else.*; 64 .*; 65 .*; 66 .*; 69 .*; 78 invalid configuration/m);
  });

  it('gives error classes their HTTP status and exit code', () => {
    expect([new UnauthenticatedError().httpStatus, new UnauthenticatedError().exitCode]).toEqual([401, 77]);
    expect(new ForbiddenError('no').httpStatus).toBe(403);
    const tooLarge = new ReportTooLargeError('maxRecords', 10, 'the report');
    expect([tooLarge.httpStatus, tooLarge.exitCode]).toEqual([413, 65]);
    // A refusal passed on as data keeps the status of the class that refused it.
    expect(new RefusedReportError({ code: tooLarge.code, message: tooLarge.message }).httpStatus).toBe(413);
  });

  it('gives hand-built GraphQL errors and the HTTP 429 body the same code and status', () => {
    expect(graphQLErrorFor('NOT_FOUND', 'gone').extensions).toEqual({ code: 'NOT_FOUND', http: { status: 404 } });
    expect(graphQLErrorFor('UNAUTHENTICATED', 'no', { http: false }).extensions).toEqual({ code: 'UNAUTHENTICATED' });
    const limited = rateLimitedGraphQLError(7).extensions as { code: string; retryAfterSeconds: number; http: { status: number; headers: Map<string, string> } };
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 7, http: { status: errorCodes.RATE_LIMITED.httpStatus } });
    expect(limited.http.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(rateLimitedBody(7, 'req-1'))).toEqual({ error: { code: 'RATE_LIMITED', message: 'Too many requests; retry in 7 s', requestId: 'req-1' } });
  });
});
