/** Store-free reading of DMARC aggregate reports: containers, XML, normalization. */
export { parseEveryReport, parseReport, parseReports, streamReportEvents, type ParseOptions } from './parse-report.js';
export { parseXmlDocument, parseXmlStream } from './parsing/parse-xml-stream.js';
export { openReportDocuments, type ReportDocument } from './containers/open-documents.js';
export { canonicalIp } from './parsing/ip-address.js';
export { defaultIngestionLimits, resolveLimits, type IngestionLimits } from './limits.js';
export * from './errors.js';
export type * from './types.js';
