/**
 * The name an uploader gave its report: `?filename=` wins over `Content-Disposition`. Only used in
 * messages and logs (the format is detected from the bytes), so it is reduced to a short base
 * name without control characters rather than refused.
 */
export function uploadFilename(query: unknown, contentDisposition: string | undefined, fallback = 'upload'): string {
  const fromQuery = (query as { filename?: unknown } | undefined)?.filename;
  const raw = (typeof fromQuery === 'string' ? fromQuery : undefined) ?? dispositionFilename(contentDisposition);
  return cleanFilename(raw, fallback);
}

/** A short base name without control characters, or `fallback` when nothing is left. */
export function cleanFilename(raw: string | null | undefined, fallback: string): string {
  const cleaned = raw == null ? '' : sanitize(raw);
  return cleaned === '' ? fallback : cleaned;
}

/** RFC 6266: `filename*=UTF-8''percent-encoded` is preferred over `filename="quoted"` or a token. */
function dispositionFilename(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([\w!#$&+.^`|~-]+)'[\w-]*'([^;\s]+)/i.exec(header);
  if (extended?.[1]?.toLowerCase() === 'utf-8' && extended[2] !== undefined) {
    try {
      return decodeURIComponent(extended[2]);
    } catch {
      // Broken percent-encoding: fall back to the plain parameter.
    }
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, '$1');
  return /(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(header)?.[1];
}

function sanitize(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const base = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[/\\]/).pop() ?? '';
  return base.trim().slice(0, 200);
}
