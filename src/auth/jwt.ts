import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { Role } from '../../entities/roles.js';
import type { Clock } from './clock.js';
import { UnauthenticatedError } from './errors.js';

const TOKEN_ISSUER = 'dmarc-analytics';
const TOKEN_AUDIENCE = 'dmarc-analytics';

export interface TokenClaims {
  /** The user id. */
  readonly sub: string;
  readonly role: Role;
  /** Seconds since the epoch, as in the token. */
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

const roles = new Set<string>(Object.values(Role));

/** Signs and checks HS256 session tokens. Knows nothing of users: UsersService checks those. */
export class JwtSigner {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlMinutes: number,
    private readonly now: Clock,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(userId: string, role: Role): Promise<IssuedToken> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const expiresAt = issuedAt + this.ttlMinutes * 60;
    const token = await new SignJWT({ role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /** The claims of a genuine, current token; UNAUTHENTICATED for anything else. */
  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'], // never 'none', never an algorithm the token picks
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        currentDate: this.now(),
        requiredClaims: ['sub', 'iat', 'exp', 'jti'],
        clockTolerance: 0,
      });
      const { sub, iat, exp, jti, role } = payload;
      if (typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number' || typeof jti !== 'string' || typeof role !== 'string' || !roles.has(role)) {
        throw new UnauthenticatedError('Invalid token');
      }
      return { sub, role: role as Role, iat, exp, jti };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      const message = error instanceof joseErrors.JWTExpired ? 'Token expired' : 'Invalid token';
      throw new UnauthenticatedError(message, { cause: error });
    }
  }
}
