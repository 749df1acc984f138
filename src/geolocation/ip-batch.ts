import { InvalidIpAddressError } from './errors.js';
import { parseIpAddress, type IpAddress } from './ip-address.js';

/** Parses a whole batch; every invalid entry is named in one InvalidIpAddressError. */
export function validateIpAddresses(inputs: readonly string[]): IpAddress[] {
  const addresses: IpAddress[] = [];
  const invalid: string[] = [];
  for (const input of inputs) {
    const address = parseIpAddress(input);
    if (address) addresses.push(address);
    else invalid.push(input);
  }
  if (invalid.length > 0) throw new InvalidIpAddressError(invalid);
  return addresses;
}
