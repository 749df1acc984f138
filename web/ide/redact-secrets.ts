import { Kind, parse, visit, type DocumentNode, type ValueNode } from 'graphql';

/**
 * Names of arguments, input fields and variables whose values are credentials: login's and
 * changeOwnPassword's passwords, createUser's and resetUserPassword's, a webhook's signing secret,
 * and anything a client names like them.
 */
const SECRET_NAME = /password|passphrase|secret|token|credential|api_?key/i;

export interface EditorTexts {
  readonly query: string | null;
  readonly variables: string | null;
}

/**
 * The query and variables of a tab or history entry, as the IDE may keep them: without any
 * credential. A literal given to a secret argument or input field (`password: "…"`) becomes `""`
 * in the text (its formatting otherwise untouched); a variable that feeds one (`password: $p`) is
 * left out of the variables and its default blanked; and every variables key named like a secret,
 * at any depth (`$input: { email, password }`), is left out. A query being typed that does not
 * parse cannot be read that way: if it names anything secret-like it is not kept at all (null),
 * nor are its variables.
 */
export function withoutSecrets({ query, variables }: EditorTexts): EditorTexts {
  if (query === null || query.trim() === '') return { query, variables: withoutSecretKeys(variables, new Set()) };
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return SECRET_NAME.test(query) ? { query: null, variables: null } : { query, variables: withoutSecretKeys(variables, new Set()) };
  }
  const blanks: { start: number; end: number }[] = [];
  const secretVariables = new Set<string>();
  const blank = (value: ValueNode) => {
    if (value.kind === Kind.VARIABLE) secretVariables.add(value.name.value);
    else if (value.loc) blanks.push({ start: value.loc.start, end: value.loc.end });
  };
  visit(document, {
    Argument: (node) => (SECRET_NAME.test(node.name.value) ? blank(node.value) : undefined),
    ObjectField: (node) => (SECRET_NAME.test(node.name.value) ? blank(node.value) : undefined),
  });
  visit(document, {
    VariableDefinition: (node) => {
      const name = node.variable.name.value;
      if ((secretVariables.has(name) || SECRET_NAME.test(name)) && node.defaultValue?.loc) blanks.push({ start: node.defaultValue.loc.start, end: node.defaultValue.loc.end });
    },
  });
  // A range inside another (a secret field of a secret object) goes with the outer one.
  const outermost: { start: number; end: number }[] = [];
  for (const range of blanks.sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (range.end > (outermost.at(-1)?.end ?? -1)) outermost.push(range);
  }
  let text = query;
  // From the end, so the offsets of those before stay right.
  for (const { start, end } of outermost.reverse()) text = `${text.slice(0, start)}""${text.slice(end)}`;
  return { query: text, variables: withoutSecretKeys(variables, secretVariables) };
}

/** The variables' JSON without `secretVariables` and without any key named like a secret; null when it cannot be read. */
function withoutSecretKeys(variables: string | null, secretVariables: ReadonlySet<string>): string | null {
  if (variables === null || variables.trim() === '') return variables;
  let parsed: unknown;
  try {
    parsed = JSON.parse(variables);
  } catch {
    // Half-typed JSON: kept only when nothing in it could be a secret.
    return secretVariables.size === 0 && !SECRET_NAME.test(variables) ? variables : null;
  }
  let removed = false;
  const strip = (value: unknown, top: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => strip(item, false));
    if (value === null || typeof value !== 'object') return value;
    const kept: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_NAME.test(key) || (top && secretVariables.has(key))) removed = true;
      else kept[key] = strip(item, false);
    }
    return kept;
  };
  const stripped = strip(parsed, true);
  // Untouched text keeps the person's formatting.
  return removed ? JSON.stringify(stripped, null, 2) : variables;
}
