import { describe, expect, it } from 'vitest';
import { withoutSecrets } from '../../web/ide/redact-secrets.js';

/** What the IDE's storage (web/ide/ide-storage.ts) keeps of a tab or history entry: the Chromium test checks the storage itself. */
describe('the IDE keeps queries and variables without credentials', () => {
  it('leaves out a password given as a variable, keeping the other variables as typed', () => {
    const variables = '{\n  "email": "ann@example.com",\n  "password": "hunter2 is my password"\n}';
    const kept = withoutSecrets({ query: 'mutation L($email: String!, $pw: String!) { login(email: $email, password: $pw) { token } }', variables: variables.replace('"password"', '"pw"') });
    expect(kept.query).toBe('mutation L($email: String!, $pw: String!) { login(email: $email, password: $pw) { token } }');
    expect(JSON.parse(kept.variables!)).toEqual({ email: 'ann@example.com' });
    // Untouched variables keep their formatting.
    expect(withoutSecrets({ query: '{ me { role } }', variables: '{ "days":  7 }' }).variables).toBe('{ "days":  7 }');
  });

  it('blanks literals and defaults of secret arguments and input fields, in place', () => {
    const query = `mutation {
  a: login(email: "ann@example.com", password: "literal secret 1") { token }
  b: changeOwnPassword(currentPassword: "old secret 2", newPassword: """new secret 3""") { token }
  c: createUser(input: { email: "bo@example.com", role: VIEWER, password: "secret 4" }) { user { id } }
  d: createWebhook(url: "https://hooks.example/x", secret: "whsec_secret_5") { secret }
}`;
    const kept = withoutSecrets({ query, variables: null });
    expect(kept.query).toBe(`mutation {
  a: login(email: "ann@example.com", password: "") { token }
  b: changeOwnPassword(currentPassword: "", newPassword: "") { token }
  c: createUser(input: { email: "bo@example.com", role: VIEWER, password: "" }) { user { id } }
  d: createWebhook(url: "https://hooks.example/x", secret: "") { secret }
}`);
    const withDefault = withoutSecrets({ query: 'mutation R($id: ID!, $p: String = "default secret 6") { resetUserPassword(id: $id, password: $p) { generatedPassword } }', variables: '{"id": "1", "p": "secret 7"}' });
    expect(withDefault.query).not.toContain('secret 6');
    expect(withDefault.variables).not.toContain('secret 7');
    expect(JSON.parse(withDefault.variables!)).toEqual({ id: '1' });
  });

  it('leaves out secret-named keys at any depth (an input object sent as one variable)', () => {
    const kept = withoutSecrets({
      query: 'mutation C($input: CreateUserInput!) { createUser(input: $input) { user { id } } }',
      variables: JSON.stringify({ input: { email: 'cy@example.com', role: 'ADMIN', password: 'nested secret 8' }, list: [{ apiKey: 'dmarc_key_9' }] }),
    });
    expect(JSON.parse(kept.variables!)).toEqual({ input: { email: 'cy@example.com', role: 'ADMIN' }, list: [{}] });
  });

  it('keeps nothing of a half-typed query that names a secret, and nothing of unreadable variables that might hold one', () => {
    expect(withoutSecrets({ query: 'mutation { login(email: "a@b.c", password: "typing secret 10', variables: '{"x": 1}' })).toEqual({ query: null, variables: null });
    expect(withoutSecrets({ query: '{ reports(first: 5', variables: '{"first": 5' })).toEqual({ query: '{ reports(first: 5', variables: '{"first": 5' });
    expect(withoutSecrets({ query: 'mutation L($p: String!) { login(email: "a@b.c", password: $p) { token } }', variables: '{"p": "half typed secret 11' }).variables).toBeNull();
  });
});
