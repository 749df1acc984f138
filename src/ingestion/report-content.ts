import { BadUserInputError } from '../errors/app-error.js';

export type ReportContentEncoding = 'XML' | 'BASE64';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The bytes of a report sent as a GraphQL string: XML as text, anything binary (gzip, zip, e-mail)
 * as base64. Node's decoder skips characters it does not know, which would turn a damaged upload
 * into a misleading CORRUPT_ARCHIVE; the text is checked first and refused as BAD_USER_INPUT.
 */
export function decodeReportContent(content: string, encoding: ReportContentEncoding): Buffer {
  if (encoding === 'XML') return Buffer.from(content, 'utf8');
  const compact = content.replace(/\s+/g, ''); // line breaks as in MIME bodies are fine
  if (!BASE64.test(compact)) throw new BadUserInputError('content is not valid base64 (RFC 4648, with padding)');
  return Buffer.from(compact, 'base64');
}
