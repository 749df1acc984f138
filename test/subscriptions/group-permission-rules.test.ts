import { describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { checkSubscriptionField, rootFieldRules } from '../../src/auth/permissions.js';
import type { Principal } from '../../src/auth/principal.js';

/**
 * The subscription hub runs one execution per group of identical subscriptions, with the context
 * of the group's first subscriber, and keys groups by role (src/subscriptions/subscription-hub.ts).
 * That is right only while every permission rule that can run in a subscription's execution
 * answers by the role alone. This keeps it so for the root fields: a rule that reads more of the
 * principal (its id, kind, a team's domains) fails here, and needs that added to the hub's group
 * key first. (The rules below the root, nestedFieldRoles, are role lists by construction.)
 */
describe('the rules a subscription group runs with read only the role', () => {
  const identities = (role: Role): Principal[] => [
    { kind: 'user', id: '00000000-0000-4000-8000-000000000001', role, email: 'one@example.com' },
    { kind: 'user', id: '00000000-0000-4000-8000-000000000002', role, email: 'two@example.com', expiresAt: new Date(Date.now() + 60_000) },
    { kind: 'apiKey', id: '00000000-0000-4000-8000-000000000003', role },
    { kind: 'apiKey', id: '00000000-0000-4000-8000-000000000004', role, expiresAt: new Date(Date.now() + 60_000) },
  ];
  const answer = async (field: string, principal: Principal) => (await checkSubscriptionField(field, { principal }))?.message ?? 'allowed';

  it('every subscription field answers alike for every principal of a role', async () => {
    const fields = Object.keys(rootFieldRules.Subscription).filter((field) => field !== '*');
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      for (const role of Object.values(Role)) {
        const answers = await Promise.all(identities(role).map((principal) => answer(field, principal)));
        expect(new Set(answers).size, `${field} for ${role}: ${answers.join(', ')}`).toBe(1);
      }
      // And the role does matter: INGEST keys never subscribe.
      expect(await answer(field, identities(Role.INGEST)[0]!)).toBe('Not allowed');
      expect(await answer(field, identities(Role.VIEWER)[0]!)).toBe('allowed');
    }
  });

});
