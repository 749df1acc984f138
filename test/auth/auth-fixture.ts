import { MikroORM } from '@mikro-orm/postgresql';
import { createAuthServices, type AuthServices } from '../../src/auth/auth-services.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { capturingLogger, silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

/** A clock the test moves by hand: lockouts and expiry are tested without sleeping. */
export class ManualClock {
  constructor(private current: Date) {}
  readonly now = (): Date => new Date(this.current);
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export const testAuthConfig = {
  auth: {
    jwtSecret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    jwtSecretGenerated: false,
    jwtTtlMinutes: 15,
    loginMaxAttempts: 5,
    loginWindowMinutes: 15,
    lockoutMinutes: 15,
  },
};

export interface AuthFixture {
  readonly orm: MikroORM;
  readonly clock: ManualClock;
  readonly services: AuthServices;
  readonly log: ReturnType<typeof capturingLogger>;
  close(): Promise<void>;
}

/** A fresh migrated database, the services on it, a hand-moved clock and a logger that keeps lines. */
export async function openAuthFixture(start = new Date()): Promise<AuthFixture> {
  const database: TestDatabase = await createTestDatabase();
  const orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 4, connectTimeoutMs: 5000 }, silentLogger));
  const clock = new ManualClock(start);
  const log = capturingLogger();
  const services = createAuthServices({ em: orm.em, config: testAuthConfig, logger: log.logger, now: clock.now });
  return {
    orm,
    clock,
    services,
    log,
    async close() {
      await orm.close(true);
      await database.drop();
    },
  };
}

/** Runs `fn` and returns what it threw (failing when it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & { code?: string; httpStatus?: number; reasons?: string[] }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected an error');
}
