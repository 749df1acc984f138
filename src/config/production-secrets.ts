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
    else if (isLowEntropy(value)) problems.push(`${subject} is not random enough (repeated or too few distinct characters); use a random secret`);
  }
  return problems;
}

/** Distinct characters a random secret of MIN_SECRET_LENGTH has many more of (hex: 16, base64: ~26). */
const MIN_DISTINCT_CHARACTERS = 10;
/** Bits by the characters' own frequencies (length × Shannon entropy): 32 random hex digits give ~115. */
const MIN_ESTIMATED_BITS = 80;

/**
 * A long secret that is still guessable: one character repeated (`aaaa…`), a short pattern
 * repeated (`abcabc…`), or too few distinct characters. A crude test, but it catches what people
 * type instead of generating, and lets every generated secret through.
 */
function isLowEntropy(value: string): boolean {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  if (counts.size < MIN_DISTINCT_CHARACTERS) return true;
  const length = [...value].length;
  let bits = 0;
  for (const count of counts.values()) bits -= count * Math.log2(count / length);
  if (bits < MIN_ESTIMATED_BITS) return true;
  // A pattern repeated: the value equals a shift of itself.
  return (value + value).indexOf(value, 1) < value.length;
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
