import type { FastifyInstance } from 'fastify';
import { Role } from '../../entities/roles.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import type { Services } from '../app/services.js';
import { unpackFile } from '../received-files/packed-file.js';
import { requireRole } from './require-role.js';

const REFUSED_REPORT_RAW_PATH = '/reports/refused/:id/raw';

/**
 * GET /reports/refused/:id/raw (ADMIN): a quarantined file as it was received, streamed from its
 * compressed copy, as an attachment (never rendered: it is whatever a stranger sent).
 */
export function registerRefusedReportDownload(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { id: string } }>(REFUSED_REPORT_RAW_PATH, {
    onRequest: async (request) => {
      await requireRole(request, services, [Role.ADMIN], 'Downloading refused files needs the ADMIN role');
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      if (!/^[1-9]\d{0,15}$/.test(id)) throw new BadUserInputError(`invalid refused report id "${id}"`);
      const kept = await services.quarantine.content(Number(id));
      if (kept === null) throw new NotFoundError(`refused report ${id} does not exist or was kept without its bytes`);
      const filename = (kept.sourceName.split('/').pop() ?? 'refused').replace(/[^\w.@<>!+-]/g, '_') || 'refused';
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="refused-${id}-${filename.replace(/[<>"]/g, '')}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(unpackFile(kept.compression, kept.content));
    },
  });
}
