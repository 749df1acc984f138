import { describe, expect, it } from 'vitest';
import { requireIpAddress } from '../../src/geolocation/ip-address.js';
import { reservedRangeOf } from '../../src/geolocation/reserved-ranges.js';

const rangeOf = (ip: string) => reservedRangeOf(requireIpAddress(ip));

describe('reserved IPv4 ranges', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this-network'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['192.0.0.8', 'ietf-protocol-assignments'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.200', 'documentation'],
    ['192.88.99.1', 'relay-anycast'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('%s is %s', (ip, range) => {
    expect(rangeOf(ip)).toBe(range);
  });

  it.each(['8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.0.3.1', '198.17.255.255', '198.20.0.0', '223.255.255.255', '192.31.196.1'])(
    '%s (public, including range neighbours and globally reachable anycast) is not reserved',
    (ip) => {
      expect(rangeOf(ip)).toBeNull();
    },
  );
});

describe('reserved IPv6 ranges', () => {
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['64:ff9b:1::1', 'translation'],
    ['100::1', 'discard-only'],
    ['2001::1', 'teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['2001:2::1', 'benchmarking'],
    ['2001:10::1', 'ietf-protocol-assignments'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2002:c058:6301::1', 'relay-anycast'],
    ['5f00::1', 'segment-routing'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'reserved'],
    ['::808:808', 'reserved'],
    ['4000::1', 'reserved'],
  ])('%s is %s', (ip, range) => {
    expect(rangeOf(ip)).toBe(range);
  });

  it.each(['2001:4860:4860::8888', '2a00:1450:4001:80b::200e', '2001:200::1', '2002:808:808::1', '3fff:1000::1', '2600::1'])('%s is not reserved', (ip) => {
    expect(rangeOf(ip)).toBeNull();
  });
});

describe('IPv6 addresses carrying an IPv4 host', () => {
  it.each([
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:192.0.2.1', 'documentation'],
    ['64:ff9b::a01:203', 'private'],
  ])('%s is classified by its IPv4: %s', (ip, range) => {
    expect(rangeOf(ip)).toBe(range);
  });

  it('an IPv4-mapped public address is not reserved', () => {
    expect(rangeOf('::ffff:8.8.8.8')).toBeNull();
  });
});
