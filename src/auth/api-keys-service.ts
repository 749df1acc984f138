import { createHash, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from '../../entities/api-key.entity.js';
import { Role } from '../../entities/roles.js';
import { User } from '../../entities/user.entity.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';
import type { Clock } from './clock.js';
import type { DomainEvents } from '../events/domain-events.js';
import { UnauthenticatedError } from './errors.js';
import type { Principal } from './principal.js';
import { randomBase62 } from './random-secret.js';
import { parseRole } from './roles.js';
import { isUuid } from '../validation/arguments.js';

/** Recognisable in logs and secret scanners; the prefix part identifies the key in lists. */
export const API_KEY_PREFIX = 'dmarc_';
const KEY_FORMAT = /^dmarc_([A-Za-z0-9]{8})_([A-Za-z0-9]{32})$/;
/** last_used_at is a hint for humans; writing it on every request would cost a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyState = 'active' | 'revoked' | 'expired';

export interface ApiKeySummary {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly createdById: string | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly state: ApiKeyState;
}

export interface ApiKeysServiceOptions {
  readonly em: EntityManager;
  readonly logger: Logger;
  readonly now: Clock;
  /** `credentialChanged` when a key is revoked, so open sessions (WebSockets) on it end at once. */
  readonly events: DomainEvents;
}

/**
 * Machine credentials. A key is 190 random bits, so a single SHA-256 is the right hash: a slow
 * password hash protects guessable secrets, and would only slow every API call down here.
 */
export class ApiKeysService {
  constructor(private readonly options: ApiKeysServiceOptions) {}

  /** The full key is in the result and nowhere else: it cannot be shown again. */
  async create(input: { name: string; role: Role | string; createdBy?: string | null; expiresAt?: Date | null }): Promise<{ key: string; apiKey: ApiKeySummary }> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) throw new BadUserInputError('API key name must be 1 to 100 characters');
    const role = parseRole(input.role);
    const now = this.options.now();
    if (input.expiresAt && input.expiresAt <= now) throw new BadUserInputError('API key expiry must be in the future');

    const em = this.options.em.fork();
    let createdBy: User | null = null;
    if (input.createdBy) {
      createdBy = isUuid(input.createdBy) ? await em.findOne(User, { id: input.createdBy }) : null;
      if (!createdBy) throw new NotFoundError(`No user with id ${input.createdBy}`);
    }
    const prefix = randomBase62(8);
    const key = `${API_KEY_PREFIX}${prefix}_${randomBase62(32)}`;
    const apiKey = em.create(ApiKey, { name, prefix, keyHash: sha256(key), role, createdBy, createdAt: now, expiresAt: input.expiresAt ?? null });
    await em.flush();
    this.options.logger.info({ apiKeyId: apiKey.id, prefix, role, createdBy: input.createdBy ?? null }, 'API key created');
    return { key, apiKey: this.summarize(apiKey, now) };
  }

  /** Every key, newest first, with its state; never a hash. */
  async list(): Promise<ApiKeySummary[]> {
    const now = this.options.now();
    const keys = await this.options.em.fork().find(ApiKey, {}, { orderBy: { createdAt: 'desc', id: 'asc' } });
    return keys.map((key) => this.summarize(key, now));
  }

  /** Revoking twice is fine; the first revocation time is kept. */
  async revoke(id: string): Promise<ApiKeySummary> {
    const em = this.options.em.fork();
    const apiKey = isUuid(id) ? await em.findOne(ApiKey, { id }) : null;
    if (!apiKey) throw new NotFoundError(`No API key with id ${id}`);
    const now = this.options.now();
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = now;
      await em.flush();
      this.options.logger.info({ apiKeyId: id, prefix: apiKey.prefix }, 'API key revoked');
    }
    // Not awaited, as a notice: the change is committed; the reactions (ending sessions) follow it.
    void this.options.events.emit('credentialChanged', { kind: 'apiKey', id: apiKey.id, reason: 'API key revoked' });
    return this.summarize(apiKey, now);
  }

  /** The key's principal; unknown, malformed, revoked and expired keys all get the same answer. */
  async authenticate(rawKey: string): Promise<Principal> {
    const match = KEY_FORMAT.exec(rawKey.trim());
    const prefix = match?.[1];
    if (!prefix) throw invalidKey();
    const em = this.options.em.fork();
    const apiKey = await em.findOne(ApiKey, { prefix });
    const now = this.options.now();
    if (!apiKey || !sameHash(apiKey.keyHash, sha256(rawKey.trim())) || stateOf(apiKey, now) !== 'active') throw invalidKey();
    // At most one write per key per minute, and no statement at all when the row just read is recent
    // (a round trip per request otherwise). The UPDATE stays conditional: no read-modify-write race.
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (!apiKey.lastUsedAt || apiKey.lastUsedAt <= staleBefore) {
      await em.nativeUpdate(ApiKey, { id: apiKey.id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lte: staleBefore } }] }, { lastUsedAt: now });
    }
    return { kind: 'apiKey', id: apiKey.id, role: apiKey.role, ...(apiKey.expiresAt ? { expiresAt: apiKey.expiresAt } : {}) };
  }

  private summarize(apiKey: ApiKey, now: Date): ApiKeySummary {
    return {
      id: apiKey.id,
      name: apiKey.name,
      prefix: apiKey.prefix,
      role: apiKey.role,
      createdById: apiKey.createdBy?.id ?? null,
      createdAt: apiKey.createdAt,
      lastUsedAt: apiKey.lastUsedAt ?? null,
      expiresAt: apiKey.expiresAt ?? null,
      revokedAt: apiKey.revokedAt ?? null,
      state: stateOf(apiKey, now),
    };
  }
}

function stateOf(apiKey: ApiKey, now: Date): ApiKeyState {
  if (apiKey.revokedAt) return 'revoked';
  if (apiKey.expiresAt && apiKey.expiresAt <= now) return 'expired';
  return 'active';
}

function sha256(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function sameHash(storedHex: string, computedHex: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  const computed = Buffer.from(computedHex, 'hex');
  return stored.length === computed.length && timingSafeEqual(stored, computed);
}

function invalidKey(): UnauthenticatedError {
  return new UnauthenticatedError('Invalid API key');
}
