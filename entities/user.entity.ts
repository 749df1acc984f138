import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Role } from './roles.js';

@Entity({ tableName: 'users' })
export class User {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string & Opt;

  /** Stored lower-cased; unique. */
  @Property({ type: 'text', unique: true })
  email!: string;

  /** argon2id hash. */
  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  @Enum({ items: () => Role })
  role!: Role;

  @Property({ type: 'datetime', nullable: true })
  lastLoginAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  passwordChangedAt: Date & Opt = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
