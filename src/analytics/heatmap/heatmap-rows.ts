import type { HeatmapAggregateRow } from './heatmap-sql.js';
import type { GeoHeatmapData, HeatmapCountry, HeatmapPoints, HeatmapQuery, HeatmapTally } from './heatmap-types.js';

/** One point before it goes into the columns. */
interface PointRow {
  readonly countryCode: string | null;
  readonly city: string | null;
  readonly latitude: number;
  readonly longitude: number;
  readonly messages: number;
  readonly ips: number;
}

/**
 * 4 decimals is about 11 m, finer than any GeoIP location; a point's mean coordinates have up to
 * 17 significant digits, which only make the answer longer (and slower to serialize).
 */
const COORDINATE_SCALE = 1e4;

const EMPTY: HeatmapTally = { messages: 0, distinctIps: 0, dmarcFailures: 0, dmarcFailureRate: 0 };

/** Turns the grouping-sets rows of heatmapAggregateSql into the heatmap. */
export function heatmapFromRows(query: HeatmapQuery, rows: readonly HeatmapAggregateRow[]): GeoHeatmapData {
  const countries: HeatmapCountry[] = [];
  const points: PointRow[] = [];
  let unknown = EMPTY;
  let reserved = EMPTY;
  let total = EMPTY;
  for (const row of rows) {
    if (row.level === 'total') total = tally(row);
    else if (row.level === 'bucket') {
      if (row.bucket === '~unknown') unknown = tally(row);
      else if (row.bucket === '~reserved') reserved = tally(row);
      else if (row.bucket !== null) countries.push({ countryCode: row.bucket, countryName: row.country_name, ...tally(row) });
    } else if (row.point !== null && row.latitude !== null && row.longitude !== null) {
      points.push({
        countryCode: row.country_code,
        city: row.city,
        latitude: roundCoordinate(Number(row.latitude)),
        longitude: roundCoordinate(Number(row.longitude)),
        messages: Number(row.messages ?? 0),
        ips: Number(row.ips),
      });
    }
  }
  const byMessages = (a: { messages: number }, b: { messages: number }) => b.messages - a.messages;
  countries.sort((a, b) => byMessages(a, b) || a.countryCode.localeCompare(b.countryCode));
  points.sort(byMessages);
  return {
    ...query,
    countries,
    unknown,
    reserved,
    points: pointColumns(points),
    maxCount: countries.reduce((max, c) => Math.max(max, c.messages), 0),
    totalMessages: total.messages,
    totalIps: total.distinctIps,
  };
}

function tally(row: HeatmapAggregateRow): HeatmapTally {
  const messages = Number(row.messages ?? 0);
  const dmarcFailures = Number(row.failures);
  return { messages, distinctIps: Number(row.ips), dmarcFailures, dmarcFailureRate: messages === 0 ? 0 : dmarcFailures / messages };
}

function roundCoordinate(degrees: number): number {
  return Math.round(degrees * COORDINATE_SCALE) / COORDINATE_SCALE;
}

function pointColumns(points: readonly PointRow[]): HeatmapPoints {
  return {
    count: points.length,
    countryCode: points.map((p) => p.countryCode),
    city: points.map((p) => p.city),
    latitude: points.map((p) => p.latitude),
    longitude: points.map((p) => p.longitude),
    messages: points.map((p) => p.messages),
    ips: points.map((p) => p.ips),
  };
}
