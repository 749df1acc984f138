export type Disposition = 'none' | 'quarantine' | 'reject';

/** What a heatmap is about; also its cache key. */
export interface HeatmapQuery {
  /** Records whose report starts within the last `days` days (1 to 3650). */
  readonly days: number;
  /** Policy domain (lower case), or null for every domain. */
  readonly domain: string | null;
  readonly disposition: Disposition | null;
}

/** Messages from a set of addresses; DMARC fails when neither aligned DKIM nor aligned SPF passes. */
export interface HeatmapTally {
  readonly messages: number;
  readonly distinctIps: number;
  readonly dmarcFailures: number;
  /** dmarcFailures / messages, 0 without messages. */
  readonly dmarcFailureRate: number;
}

export interface HeatmapCountry extends HeatmapTally {
  readonly countryCode: string;
  readonly countryName: string | null;
}

/**
 * The dots of a map, as parallel columns: entry i of every column describes point i, a city or a
 * 0.1° cell for addresses located without a city. Columns rather than one object per point: map
 * libraries take per-attribute arrays (deck.gl's binary attributes), and a few thousand points
 * travel as six JSON arrays instead of thousands of objects whose every field GraphQL would resolve.
 */
export interface HeatmapPoints {
  /** The length of every column. */
  readonly count: number;
  readonly countryCode: readonly (string | null)[];
  readonly city: readonly (string | null)[];
  /** Mean over the point's addresses, rounded to 4 decimals (about 11 m). */
  readonly latitude: readonly number[];
  readonly longitude: readonly number[];
  readonly messages: readonly number[];
  readonly ips: readonly number[];
}

export interface GeoHeatmapData {
  readonly days: number;
  readonly domain: string | null;
  readonly disposition: Disposition | null;
  /** Largest `messages` first. */
  readonly countries: readonly HeatmapCountry[];
  /** Public addresses the database has no country for. */
  readonly unknown: HeatmapTally;
  /** Private, loopback, documentation and other special-purpose addresses. */
  readonly reserved: HeatmapTally;
  /** Largest `messages` first. */
  readonly points: HeatmapPoints;
  /** The largest country's messages (the colour scale's top). */
  readonly maxCount: number;
  /** Every message of the window, unknown and reserved included. */
  readonly totalMessages: number;
  readonly totalIps: number;
}

export interface GeoHeatmap extends GeoHeatmapData {
  readonly generatedAt: Date;
  readonly fromCache: boolean;
}

/** One source address of a country, by messages over the window. */
export interface TopSender {
  readonly sourceIp: string;
  readonly messages: number;
  readonly dmarcFailures: number;
  readonly dmarcFailureRate: number;
  /** Policy domains the address sent for. */
  readonly domains: readonly string[];
  readonly city: string | null;
  readonly asn: number | null;
  readonly asOrganization: string | null;
}
