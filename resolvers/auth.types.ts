import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../entities/roles.js';

registerEnumType(Role, {
  name: 'Role',
  description: 'ADMIN manages users, keys and models; ANALYST also runs detection; VIEWER reads; INGEST only submits reports.',
});

export enum PrincipalKind {
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(PrincipalKind, { name: 'PrincipalKind', description: 'A signed-in user (session token) or a machine (API key).' });

@ObjectType('User', { description: 'An account; never its password or lockout state.' })
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastLoginAt!: Date | null;
}

@ObjectType({ description: 'A session token; send it as `Authorization: Bearer <token>`.' })
export class LoginPayload {
  @Field(() => String)
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => UserType)
  user!: UserType;
}

@ObjectType({ description: 'Who is calling.' })
export class Me {
  @Field(() => PrincipalKind)
  kind!: PrincipalKind;

  @Field(() => ID, { description: 'The user id or the API key id.' })
  id!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Users only.' })
  email!: string | null;
}

@InputType()
export class CreateUserInput {
  @Field(() => String)
  email!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Omit it to have a strong password generated and returned once.' })
  password?: string | null;
}

@ObjectType()
export class CreateUserPayload {
  @Field(() => UserType)
  user!: UserType;

  @Field(() => String, { nullable: true, description: 'Only when no password was given; shown this once.' })
  generatedPassword!: string | null;
}

@ObjectType()
export class ResetUserPasswordPayload {
  @Field(() => UserType)
  user!: UserType;

  @Field(() => String, { nullable: true, description: 'Only when no password was given; shown this once.' })
  generatedPassword!: string | null;
}
