import { Kind, visit, type DocumentNode } from 'graphql';
import { badUserInputError } from './operation-errors.js';

/**
 * U+0000 in any string the operation carries, in its literals or its variables. PostgreSQL cannot
 * store it in text (the insert fails with a 500 deep inside a service) and no legitimate value
 * contains it, so it is refused before anything runs, with BAD_USER_INPUT.
 */
export function nulByteError(document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined) {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  if (!found && variables) found = containsNul(variables, 0);
  return found ? badUserInputError('Strings must not contain NUL (U+0000) characters') : undefined;
}

/** JSON values from a request body: depth is bounded by the body limit, and the walk by this bound. */
const MAX_DEPTH = 64;

function containsNul(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  const items = Array.isArray(value) ? value : Object.entries(value as Record<string, unknown>).flat();
  return items.some((item) => containsNul(item, depth + 1));
}
