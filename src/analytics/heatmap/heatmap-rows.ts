import type { HeatmapAggregateRow } from './heatmap-sql.js';
import type { GeoHeatmapData, HeatmapCountry, HeatmapPoint, HeatmapQuery, HeatmapTally } from './heatmap-types.js';

const EMPTY: HeatmapTally = { messages: 0, distinctIps: 0, dmarcFailures: 0, dmarcFailureRate: 0 };

/** Turns the grouping-sets rows of heatmapAggregateSql into the heatmap. */
export function heatmapFromRows(query: HeatmapQuery, rows: readonly HeatmapAggregateRow[]): GeoHeatmapData {
  const countries: HeatmapCountry[] = [];
  const points: HeatmapPoint[] = [];
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
        latitude: Number(row.latitude),
        longitude: Number(row.longitude),
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
    points,
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
