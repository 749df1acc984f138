import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * zxcvbn's list of about 49,000 leaked passwords, most common first, all lower case (maintained
 * by the zxcvbn-ts project in @zxcvbn-ts/language-common). Built on first use.
 */
let commonPasswords: ReadonlySet<string> | undefined;

export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common']);
  return commonPasswords.has(password.toLowerCase());
}
