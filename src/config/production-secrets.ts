/**
 * Production rules for every secret in the configuration: at least MIN_SECRET_LENGTH characters
 * and not a value copied from an example. A secret everyone knows, or one short enough to guess,
 * protects nothing. Problems name the setting, never the secret.
 */
export const MIN_SECRET_LENGTH = 32;

/** Values copied from examples, tutorials and container images' defaults. Compared lower-cased. */
const placeholders = new Set([
  'changeme', 'change-me', 'change_me', 'changeit', 'secret', 'your-secret-here', 'your_secret_here',
  'jwt-secret', 'jwt_secret', 'password', 'passw0rd', 'default', 'postgres', 'mongo', 'mongodb', 'redis',
  'admin', 'root', 'example', 'test', 'dmarc',
]);
/** Longer placeholders still say what they are ("change-me-to-a-random-string-of-32-chars"). */
const placeholderWords = /change.?me|replace.?me|your.?(secret|password|key)|placeholder/i;

/** A secret setting and its value; `part` says where in the setting it is (a URL's password). */
export interface SecretSetting {
  readonly name: string;
  readonly value: string | undefined;
  readonly part?: string;
}

/** One problem per weak secret; an absent secret is for the caller to judge (required or not). */
export function secretProblems(secrets: readonly SecretSetting[]): string[] {
  const problems: string[] = [];
  for (const { name, value, part } of secrets) {
    if (value === undefined) continue;
    const subject = part ? `${name}: ${part}` : `${name}:`;
    if (isPlaceholder(value)) problems.push(`${subject} is a well-known placeholder; use a random secret`);
    else if (value.length < MIN_SECRET_LENGTH) problems.push(`${subject} must be at least ${MIN_SECRET_LENGTH} characters in production`);
  }
  return problems;
}

function isPlaceholder(value: string): boolean {
  const normalized = value.trim().toLowerCase();
  return placeholders.has(normalized) || placeholderWords.test(normalized);
}

/**
 * The password in a connection URL (scheme://user:password@host/...), percent-decoded; undefined
 * when there is none. Parsed by hand: MongoDB URLs may list several hosts, which URL refuses.
 */
export function urlPassword(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const afterScheme = url.indexOf('://');
  if (afterScheme === -1) return undefined;
  const rest = url.slice(afterScheme + 3);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at === -1) return undefined;
  const userInfo = authority.slice(0, at);
  const colon = userInfo.indexOf(':');
  if (colon === -1) return undefined;
  const password = userInfo.slice(colon + 1);
  try {
    return decodeURIComponent(password);
  } catch {
    return password;
  }
}
