import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';

export enum DependencyState {
  UP = 'UP',
  DOWN = 'DOWN',
  NOT_CONFIGURED = 'NOT_CONFIGURED',
}
registerEnumType(DependencyState, { name: 'DependencyState', description: 'Whether a dependency answered its last probe.' });

@ObjectType({ description: 'A store or file the service depends on.' })
export class DependencyStatusType {
  @Field(() => String, { description: 'postgres, mongodb or geoip.' })
  name!: string;

  @Field(() => DependencyState)
  status!: DependencyState;

  @Field(() => Boolean, { description: 'A required dependency that is down makes the service unready.' })
  required!: boolean;

  @Field(() => Float, { nullable: true, description: 'Time the probe took.' })
  latencyMs!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the dependency is down.' })
  message!: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'e.g. the GeoIP database type and build date.' })
  details!: Record<string, unknown> | null;
}

@ObjectType({ description: 'What this server is and how it is doing.' })
export class ServerInfo {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  version!: string;

  @Field(() => String, { description: 'development, test or production.' })
  environment!: string;

  @Field(() => String)
  nodeVersion!: string;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Float)
  uptimeSeconds!: number;

  @Field(() => Boolean, { description: 'False when a required dependency is down.' })
  ready!: boolean;

  @Field(() => [DependencyStatusType])
  dependencies!: DependencyStatusType[];
}
