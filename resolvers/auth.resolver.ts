import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../src/auth/errors.js';
import type { Principal } from '../src/auth/principal.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { LoginPayload, Me, PrincipalKind } from './auth.types.js';

/** Sessions: sign in, who am I, change my password. Who may call what: src/auth/permissions.ts. */
@Resolver()
export class AuthResolver {
  @Mutation(() => LoginPayload, { description: 'A session token for an e-mail address and password; the only operation open to anonymous callers.' })
  login(
    @Ctx() { services, clientIp }: GraphQLContext,
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
  ): Promise<LoginPayload> {
    return services.auth.users.login(email, password, clientIp);
  }

  @Query(() => Me, { description: 'The user or API key making the request.' })
  me(@Ctx() context: GraphQLContext): Me {
    const principal = requirePrincipal(context);
    return { kind: principal.kind === 'user' ? PrincipalKind.USER : PrincipalKind.API_KEY, id: principal.id, role: principal.role, email: principal.email ?? null };
  }

  @Mutation(() => LoginPayload, { description: 'Changes your password; every other session ends, this one continues with the returned token.' })
  async changeOwnPassword(
    @Ctx() context: GraphQLContext,
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
  ): Promise<LoginPayload> {
    const principal = requirePrincipal(context);
    const issued = await context.services.auth.users.changeOwnPassword(principal.id, currentPassword, newPassword, context.clientIp);
    return { ...issued, user: await context.services.auth.users.get(principal.id) };
  }
}

/** The permission rules have let the call through, so a principal is there; this keeps TypeScript honest. */
export function requirePrincipal(context: GraphQLContext): Principal {
  if (!context.principal) throw new UnauthenticatedError();
  return context.principal;
}
