import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../src/errors/app-error.js';
import { InvalidIpAddressError } from '../../src/geolocation/errors.js';
import { canonicalIpAddress, ipv6Tunnel, parseIpAddress, requireIpAddress } from '../../src/geolocation/ip-address.js';
import { addressProblem } from '../../src/webhooks/target-policy.js';

describe('ipv6Tunnel: the IPv4 hosts of 6to4 and Teredo addresses', () => {
  const hostsOf = (text: string) => {
    const tunnel = ipv6Tunnel(parseIpAddress(text)!);
    return tunnel && { kind: tunnel.kind, hosts: tunnel.hosts.map((host) => host.text) };
  };

  it('reads 6to4 (2002::/16) and Teredo (2001::/32, the client inverted) as RFC 3056 and RFC 4380 write them', () => {
    expect(hostsOf('2002:7f00:1::')).toEqual({ kind: '6to4', hosts: ['127.0.0.1'] });
    expect(hostsOf('2002:c0a8:101:1::42')).toEqual({ kind: '6to4', hosts: ['192.168.1.1'] });
    // RFC 4380 §4's example: server 65.54.227.120, client 192.0.2.45.
    expect(hostsOf('2001:0:4136:e378:8000:63bf:3fff:fdd2')).toEqual({ kind: 'Teredo', hosts: ['65.54.227.120', '192.0.2.45'] });
    expect(hostsOf('2001:db8::1')).toBeUndefined();
    expect(hostsOf('2001:4860:4860::8888')).toBeUndefined();
    expect(hostsOf('8.8.8.8')).toBeUndefined();
  });

  it('makes a webhook target judged by those hosts: refused for a private one, allowed when all are public', () => {
    expect(addressProblem('2002:7f00:1::')).toBe('a loopback address (127.0.0.1, inside the 6to4 address 2002:7f00:1::)');
    expect(addressProblem('2002:a00:1::1')).toMatch(/^a private address \(10\.0\.0\.1, inside the 6to4/);
    expect(addressProblem('2002:a9fe:a9fe::')).toMatch(/^a link-local address \(169\.254\.169\.254/);
    expect(addressProblem('2002:808:808::1')).toBeNull();
    // Teredo: a loopback client (~127.0.0.1 = 80ff:fffe), a private server, then both public.
    expect(addressProblem('2001:0:4136:e378:8000:63bf:80ff:fffe')).toMatch(/^a loopback address \(127\.0\.0\.1, inside the Teredo/);
    expect(addressProblem('2001:0:a00:1:8000:63bf:f7f7:f7f7')).toMatch(/^a private address \(10\.0\.0\.1, inside the Teredo/);
    expect(addressProblem('2001:0:4136:e378:8000:63bf:f7f7:f7f7')).toBeNull();
    // The 6to4 relay anycast prefix stays reserved whatever it embeds.
    expect(addressProblem('2002:c058:6301::1')).toMatch(/relay-anycast/);
  });
});

describe('canonicalIpAddress', () => {
  it.each([
    ['8.8.8.8', '8.8.8.8'],
    [' 192.0.2.1\n', '192.0.2.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    // RFC 5952 §4.2.2: a single zero group is not shortened.
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    // §4.2.3: the longest run is shortened, the first one on a tie.
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['FE80::ABCD', 'fe80::abcd'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    // §5: IPv4-mapped addresses keep the dotted IPv4.
    ['::FFFF:C000:0280', '::ffff:192.0.2.128'],
    ['0:0:0:0:0:ffff:8.8.8.8', '::ffff:8.8.8.8'],
    ['64:ff9b::8.8.8.8', '64:ff9b::808:808'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('%j → %s', (input, canonical) => {
    expect(canonicalIpAddress(input)).toBe(canonical);
  });
});

describe('invalid IP text', () => {
  it.each([
    '',
    '   ',
    'localhost',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '1..2.3',
    '01.2.3.4',
    '1.2.3.4/24',
    '1.2.3.-4',
    '0x7f.0.0.1',
    '1::2::3',
    '12345::',
    'g::1',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    'fe80::1%eth0',
    '::ffff:01.2.3.4',
    '[2001:db8::1]',
    '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8',
    '1::2:',
    ':1::2',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::ffff:1.2.3.4:5',
    '::ffff:1.2.3',
  ])('%j is a BAD_USER_INPUT error', (input) => {
    expect(parseIpAddress(input)).toBeUndefined();
    const error = captureError(() => requireIpAddress(input));
    expect(error).toBeInstanceOf(InvalidIpAddressError);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', httpStatus: 400, inputs: [input] });
    expect((error as Error).message).toContain(JSON.stringify(input));
  });
});

describe('embedded IPv4', () => {
  it('IPv4-mapped and NAT64 addresses carry the IPv4 host', () => {
    expect(requireIpAddress('::ffff:8.8.4.4')).toMatchObject({ version: 6, embeddedIpv4: { version: 4, text: '8.8.4.4' } });
    expect(requireIpAddress('64:ff9b::808:404')).toMatchObject({ version: 6, embeddedIpv4: { text: '8.8.4.4' } });
  });

  it('the deprecated IPv4-compatible form (::a.b.c.d) is not taken for a mapped address', () => {
    expect(requireIpAddress('::8.8.4.4')).toMatchObject({ version: 6, text: '::808:404', embeddedIpv4: undefined });
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
