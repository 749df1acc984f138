import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../entities/roles.js';
import './auth.types.js'; // registers the Role enum

export enum ApiKeyState {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ApiKeyState, { name: 'ApiKeyState' });

@ObjectType('ApiKey', { description: 'A machine credential; the key itself is shown only when it is created.' })
export class ApiKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The part after `dmarc_` that identifies the key in lists and logs.' })
  prefix!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => ID, { nullable: true })
  createdById!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => ApiKeyState)
  state!: ApiKeyState;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String, { description: '1 to 100 characters, e.g. the machine that uses it.' })
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKeyType)
  apiKey!: ApiKeyType;

  @Field(() => String, { description: 'The full key: shown this once, store it now.' })
  key!: string;
}
