import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiKeySummary } from '../src/auth/api-keys-service.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { ApiKeyState, ApiKeyType, CreateApiKeyInput, CreateApiKeyPayload } from './api-keys.types.js';
import { requirePrincipal } from './auth.resolver.js';

/** API keys for machines, managed by administrators (src/auth/permissions.ts). */
@Resolver()
export class ApiKeysResolver {
  @Query(() => [ApiKeyType], { description: 'Every API key, newest first, with its state; never the key itself.' })
  async apiKeys(@Ctx() { services }: GraphQLContext): Promise<ApiKeyType[]> {
    return (await services.auth.apiKeys.list()).map(toApiKeyType);
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'A new key; send it as `X-API-Key: <key>` or `Authorization: Bearer <key>`.' })
  async createApiKey(@Ctx() context: GraphQLContext, @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    const principal = requirePrincipal(context);
    const { key, apiKey } = await context.services.auth.apiKeys.create({
      name: input.name,
      role: input.role,
      // Only users own keys (api_keys.created_by references users); a key made by a key has no owner.
      createdBy: principal.kind === 'user' ? principal.id : null,
      expiresAt: input.expiresAt ?? null,
    });
    return { key, apiKey: toApiKeyType(apiKey) };
  }

  @Mutation(() => ApiKeyType, { description: 'Revokes a key at once; revoking twice is fine.' })
  async revokeApiKey(@Ctx() { services }: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ApiKeyType> {
    return toApiKeyType(await services.auth.apiKeys.revoke(id));
  }
}

function toApiKeyType(summary: ApiKeySummary): ApiKeyType {
  const state = { active: ApiKeyState.ACTIVE, revoked: ApiKeyState.REVOKED, expired: ApiKeyState.EXPIRED }[summary.state];
  return { ...summary, state };
}
