import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../entities/roles.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { CreateUserInput, CreateUserPayload, ResetUserPasswordPayload, UserType } from './auth.types.js';

/** Account management, for administrators (src/auth/permissions.ts). */
@Resolver()
export class UsersResolver {
  @Query(() => [UserType], { description: 'Every account, oldest first.' })
  users(@Ctx() { services }: GraphQLContext): Promise<UserType[]> {
    return services.auth.users.list();
  }

  @Mutation(() => CreateUserPayload, { description: 'A new account; ALREADY_EXISTS for a taken address, WEAK_PASSWORD for a poor password.' })
  async createUser(@Ctx() { services }: GraphQLContext, @Arg('input', () => CreateUserInput) input: CreateUserInput): Promise<CreateUserPayload> {
    const { user, generatedPassword } = await services.auth.users.createUser({ email: input.email, role: input.role, password: input.password ?? undefined });
    return { user, generatedPassword: generatedPassword ?? null };
  }

  @Mutation(() => UserType, { description: 'Changes a role; it applies to the next request of the user, even with an existing token.' })
  setUserRole(@Ctx() { services }: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('role', () => Role) role: Role): Promise<UserType> {
    return services.auth.users.setRole(id, role);
  }

  @Mutation(() => ResetUserPasswordPayload, { description: 'Sets a new password (generated when none is given), lifts a lockout and ends every session of the user.' })
  async resetUserPassword(
    @Ctx() { services }: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('password', () => String, { nullable: true }) password: string | null,
  ): Promise<ResetUserPasswordPayload> {
    const { generatedPassword } = await services.auth.users.resetPassword(id, password ?? undefined);
    return { user: await services.auth.users.get(id), generatedPassword: generatedPassword ?? null };
  }
}
