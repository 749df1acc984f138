import { Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import { serviceName, serviceVersion } from '../src/version.js';
import { DependencyState, ServerInfo } from './server-info.types.js';

@Resolver()
export class ServerInfoResolver {
  @Query(() => ServerInfo, { description: 'Version, uptime and the status of every dependency.' })
  async serverInfo(@Ctx() { services }: GraphQLContext): Promise<ServerInfo> {
    const readiness = await services.health.readiness();
    return {
      name: serviceName,
      version: serviceVersion,
      environment: services.config.env,
      nodeVersion: process.versions.node,
      startedAt: services.startedAt,
      uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 100) / 10,
      ready: readiness.ready,
      dependencies: readiness.dependencies.map((d) => ({ ...d, status: DependencyState[d.status] })),
    };
  }
}
