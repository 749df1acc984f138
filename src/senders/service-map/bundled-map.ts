import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { projectRoot } from '../../paths.js';
import { senderTypeOfCategory, type SenderType } from './sender-types.js';

/** One service of the map: what a base domain or an ASN stands for. */
export interface ServiceEntry {
  readonly name: string;
  /** The map's own category: "Marketing", "ISP", "Forwarder", "Finance", ... */
  readonly category: string;
  readonly type: SenderType;
}

/** The bundled data (src/senders/service-map/data; its README states origin and licences). */
export interface BundledMap {
  /** base domain → service: parsedmarc's map with our forwarders over it. */
  readonly domains: ReadonlyMap<string, ServiceEntry>;
  readonly asns: ReadonlyMap<number, ServiceEntry>;
  /** psl_overrides.txt: suffixes that fold a reverse DNS name to one base. */
  readonly foldSuffixes: readonly string[];
}

export const serviceMapDataDir = join(projectRoot, 'src', 'senders', 'service-map', 'data');

let loaded: BundledMap | undefined;

/** The bundled map, read once per process (about 40,000 rows, some 60 ms). */
export function bundledMap(): BundledMap {
  loaded ??= readBundledMap(serviceMapDataDir);
  return loaded;
}

function readBundledMap(dir: string): BundledMap {
  const domains = new Map<string, ServiceEntry>();
  // Ours last: a forwarder listed by parsedmarc as an "Email Provider" (Pobox, ImprovMX) is a forwarder here.
  for (const file of ['base_reverse_dns_map.csv', 'forwarders.csv']) {
    for (const row of rows(join(dir, file))) {
      const domain = row.base_reverse_dns?.trim().toLowerCase();
      if (domain && row.name && row.type) domains.set(domain, entry(row.name, row.type));
    }
  }
  const asns = new Map<number, ServiceEntry>();
  for (const row of rows(join(dir, 'asn-map.csv'))) {
    const asn = Number(row.asn);
    if (Number.isInteger(asn) && asn > 0 && row.name && row.type) asns.set(asn, entry(row.name, row.type));
  }
  const foldSuffixes = readFileSync(join(dir, 'psl_overrides.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return { domains, asns, foldSuffixes };
}

function entry(name: string, category: string): ServiceEntry {
  return { name: name.trim(), category: category.trim(), type: senderTypeOfCategory(category) };
}

function rows(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<string, string>[];
}
