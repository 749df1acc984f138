import { BadUserInputError } from '../errors/app-error.js';
import { Role } from '../../entities/roles.js';

const roleNames = Object.values(Role) as string[];

/** A role from user input, in any letter case ("admin" or "ADMIN"); BAD_USER_INPUT otherwise. */
export function parseRole(raw: string): Role {
  const upper = raw.trim().toUpperCase();
  if (!roleNames.includes(upper)) throw new BadUserInputError(`Invalid role ${JSON.stringify(raw)}: expected one of ${roleNames.map((r) => r.toLowerCase()).join(', ')}`);
  return upper as Role;
}
