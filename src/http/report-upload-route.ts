import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Role } from '../../entities/roles.js';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../app/services.js';
import { RefusedReportError } from '../ingestion/refused-report-error.js';
import { mayReadReports } from '../auth/permissions.js';
import { failureReportAnswer, ingestionAnswer, tlsReportAnswer, type FailureReportAnswer, type IngestionAnswer, type TlsReportAnswer } from '../ingestion/ingestion-answer.js';
import { storedCount } from '../ingestion/storage/index.js';
import { requireRole } from './require-role.js';
import { uploadFilename } from '../received-files/upload-filename.js';

const REPORT_UPLOAD_PATH = '/reports';

/** What reporters and mail gateways send: the report itself (aggregate XML, TLS JSON), compressed, or the whole e-mail. */
const REPORT_CONTENT_TYPES = [
  'application/xml',
  'text/xml',
  'application/json',
  'application/tlsrpt+json',
  'application/tlsrpt+gzip',
  'application/gzip',
  'application/x-gzip',
  'application/zip',
  'message/rfc822',
  'application/octet-stream',
] as const;

/** Machines submit with INGEST keys; administrators may upload by hand. */
const UPLOAD_ROLES: readonly Role[] = [Role.ADMIN, Role.INGEST];

class UnsupportedMediaTypeError extends AppError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}

export interface ReportUploadResponse {
  /** Aggregate reports. */
  readonly reports: readonly IngestionAnswer[];
  readonly failureReports: readonly FailureReportAnswer[];
  readonly tlsReports: readonly TlsReportAnswer[];
}

/**
 * POST /reports: one report file as the raw body (aggregate XML, TLS JSON, gzip, zip or e-mail: an
 * aggregate, failure or TLS report e-mail). 201 when a report
 * was stored, 200 when every report in it was stored already; a refused file answers with its
 * ingestion code (INVALID_REPORT, REPORT_TOO_LARGE, …). Reports of a multi-report file read before
 * the refused one stay stored, and re-sending the file lists them as duplicates.
 */
export async function registerReportUpload(app: FastifyInstance, services: Services): Promise<void> {
  // Its own plugin scope: the raw-body parsers must not apply to /graphql.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([...REPORT_CONTENT_TYPES], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.addContentTypeParser('*', (request, _payload, done) => {
      done(new UnsupportedMediaTypeError(`Unsupported content type ${JSON.stringify(request.headers['content-type'] ?? '')}: send one of ${REPORT_CONTENT_TYPES.join(', ')}`));
    });

    scope.post(REPORT_UPLOAD_PATH, {
      bodyLimit: services.config.reportUpload.bodyLimitBytes,
      // Before the body is read: an unauthenticated client cannot make us buffer 25 MiB.
      onRequest: async (request) => {
        uploaders.set(request, await requireUploader(request, services));
      },
      handler: async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new UnsupportedMediaTypeError(`Send the report as the request body, as one of ${REPORT_CONTENT_TYPES.join(', ')}`);
        const filename = uploadFilename(request.query, single(request.headers['content-disposition']));
        const result = await services.ingestion.ingestBuffer(body, filename, 'http');
        if (result.error) throw new RefusedReportError(result.error);
        const anyNew = storedCount(result).ingested > 0;
        const mayRead = mayReadReports(uploaders.get(request) ?? null);
        const response: ReportUploadResponse = {
          reports: result.reports.map((report) => ingestionAnswer(report, mayRead)),
          failureReports: result.failureReports.map((report) => failureReportAnswer(report, mayRead)),
          tlsReports: result.tlsReports.map((report) => tlsReportAnswer(report, mayRead)),
        };
        return reply.code(anyNew ? 201 : 200).send(response);
      },
    });
  });
}

/** Who sent each upload, from onRequest to the handler. */
const uploaders = new WeakMap<FastifyRequest, Principal>();

function requireUploader(request: FastifyRequest, services: Services): Promise<Principal> {
  return requireRole(request, services, UPLOAD_ROLES, 'Uploading reports needs the INGEST or ADMIN role');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
