/**
 * The one function the pages send GraphQL with: POST /graphql with a JSON body and the session
 * token as `Authorization: Bearer …`; errors arrive in `errors[].extensions.code`.
 */
export interface GraphQLErrorItem {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

export class GraphQLRequestError extends Error {
  constructor(readonly errors: readonly GraphQLErrorItem[]) {
    super(errors.map((e) => e.message).join('; '));
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** Sends one operation; resolves with `data` or rejects with the server's errors. */
export async function graphql<T>(query: string, variables: Record<string, unknown>, token: string | null): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: GraphQLErrorItem[] };
  if (body.errors?.length) throw new GraphQLRequestError(body.errors);
  if (!body.data) throw new GraphQLRequestError([{ message: `HTTP ${response.status}` }]);
  return body.data;
}
