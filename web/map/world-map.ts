import { geoGraticule10, geoNaturalEarth1, geoPath } from 'd3-geo';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-50m.json';
import { alertKindLabel } from '../../src/alerts/alert-kind-labels.js';
import type { HeatmapPoints } from '../../src/analytics/heatmap/heatmap-types.js';
import type { MapAlert } from './alerts.js';

export type Metric = 'messages' | 'failureRate';

export interface HeatmapCountry {
  readonly countryCode: string;
  readonly countryName: string | null;
  readonly messages: number;
  readonly dmarcFailures: number;
  readonly dmarcFailureRate: number;
  readonly distinctIps: number;
}

export interface Heatmap {
  readonly totalMessages: number;
  readonly maxCount: number;
  readonly countries: readonly HeatmapCountry[];
  /** The server's own column type: what geoHeatmap { points } sends. */
  readonly points: HeatmapPoints;
}

/** Six steps per metric (ColorBrewer Blues and Reds), and grey for countries without mail. */
export const NO_DATA = '#e9ecef';
export const PALETTES: Readonly<Record<Metric, readonly string[]>> = {
  messages: ['#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
  failureRate: ['#fee5d9', '#fcbba1', '#fc9272', '#fb6a4a', '#de2d26', '#a50f15'],
};
/** Lower bounds of the failure-rate steps 2..6. */
const FAILURE_STEPS = [0.01, 0.05, 0.1, 0.25, 0.5];

/** The colour step of a country: messages on a log scale up to the largest country, failure rate in fixed steps. */
export function colourStep(metric: Metric, country: HeatmapCountry, maxMessages: number): number {
  if (metric === 'failureRate') return FAILURE_STEPS.filter((bound) => country.dmarcFailureRate >= bound).length;
  if (maxMessages <= 0) return 0;
  return Math.min(5, Math.floor((6 * Math.log1p(country.messages)) / Math.log1p(maxMessages)));
}

const WIDTH = 960;
const HEIGHT = 500;
const SVG = 'http://www.w3.org/2000/svg';

const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const shapes = (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;

/**
 * A world choropleth drawn once as SVG paths (one per country, `data-country` = ISO alpha-2),
 * recoloured when the data or the metric changes, with circles for the cities and rings for alerts.
 */
export class WorldMap {
  readonly #projection = geoNaturalEarth1().fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], { type: 'Sphere' });
  readonly #countries = new Map<string, SVGPathElement>();
  readonly #points: SVGGElement;
  readonly #alerts: SVGGElement;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly legend: HTMLElement,
    onCountryClick: (countryCode: string, name: string) => void,
  ) {
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    const path = geoPath(this.#projection);
    const background = group(svg, 'background');
    element(background, 'path', { d: path({ type: 'Sphere' }) ?? '', class: 'sphere' });
    element(background, 'path', { d: path(geoGraticule10()) ?? '', class: 'graticule' });
    const land = group(svg, 'countries');
    for (const shape of shapes as Feature<Geometry, { name: string }>[]) {
      const code = countries.numericToAlpha2(String(shape.id)) ?? null;
      const country = element(land, 'path', { d: path(shape) ?? '', class: 'country', fill: NO_DATA });
      const title = document.createElementNS(SVG, 'title');
      title.textContent = shape.properties.name;
      country.append(title);
      if (code) {
        country.dataset.country = code;
        country.dataset.name = shape.properties.name;
        this.#countries.set(code, country);
        country.addEventListener('click', () => onCountryClick(code, shape.properties.name));
      }
    }
    this.#points = group(svg, 'points');
    this.#alerts = group(svg, 'alerts');
  }

  /** Colours every country and redraws the city circles and the legend. */
  show(heatmap: Heatmap, metric: Metric): void {
    const palette = PALETTES[metric];
    const byCode = new Map(heatmap.countries.map((c) => [c.countryCode, c]));
    for (const [code, path] of this.#countries) {
      const country = byCode.get(code);
      path.setAttribute('fill', country ? palette[colourStep(metric, country, heatmap.maxCount)]! : NO_DATA);
      const name = path.dataset.name ?? code;
      path.querySelector('title')!.textContent = country ? `${name}\n${describeCountry(country)}` : name;
    }
    this.#points.replaceChildren();
    const { points } = heatmap;
    const largest = Math.max(1, ...points.messages);
    for (let i = 0; i < points.count; i++) {
      const at = this.#projection([points.longitude[i]!, points.latitude[i]!]);
      if (!at) continue;
      const circle = element(this.#points, 'circle', { cx: at[0].toFixed(1), cy: at[1].toFixed(1), r: (2 + 12 * Math.sqrt(points.messages[i]! / largest)).toFixed(1), class: 'city' });
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${points.city[i] ?? 'unknown city'} (${points.countryCode[i] ?? '?'}): ${points.messages[i]!.toLocaleString()} messages from ${points.ips[i]} addresses`;
      circle.append(title);
    }
    this.#drawLegend(metric, heatmap.maxCount);
  }

  /** A ring at the alert's location; `fresh` ones pulse for a while. */
  markAlert(alert: MapAlert, fresh: boolean): void {
    const { latitude = null, longitude = null } = alert.geolocation ?? {};
    if (latitude === null || longitude === null) return;
    const at = this.#projection([longitude, latitude]);
    if (!at) return;
    const ring = element(this.#alerts, 'circle', { cx: at[0].toFixed(1), cy: at[1].toFixed(1), r: '7', class: fresh ? 'alert-marker pulse' : 'alert-marker' });
    ring.dataset.alertId = alert.id;
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${alertKindLabel(alert.kind)} ${alert.sourceIp === null ? 'for' : 'from'} ${alert.sourceIp ?? alert.domains.join(', ')}: ${alert.reasons[0] ?? ''}`;
    ring.append(title);
    if (fresh) setTimeout(() => ring.classList.remove('pulse'), 30_000);
  }

  clearAlerts(): void {
    this.#alerts.replaceChildren();
  }

  #drawLegend(metric: Metric, maxMessages: number): void {
    const palette = PALETTES[metric];
    const labels =
      metric === 'failureRate'
        ? ['< 1 %', '1–5 %', '5–10 %', '10–25 %', '25–50 %', '≥ 50 %']
        : palette.map((_, step) => (step === 0 ? `< ${lowerBound(1, maxMessages)}` : `≥ ${lowerBound(step, maxMessages)}`));
    this.legend.replaceChildren(
      Object.assign(document.createElement('span'), { className: 'legend-title', textContent: metric === 'failureRate' ? 'DMARC failure rate' : 'Messages' }),
      ...palette.map((colour, step) => {
        const item = document.createElement('span');
        item.className = 'legend-item';
        const swatch = document.createElement('i');
        swatch.style.background = colour;
        item.append(swatch, labels[step]!);
        return item;
      }),
      (() => {
        const item = document.createElement('span');
        item.className = 'legend-item';
        const swatch = document.createElement('i');
        swatch.style.background = NO_DATA;
        item.append(swatch, 'no mail');
        return item;
      })(),
    );
  }
}

/** The fewest messages of colour step `step` (the inverse of colourStep's log scale). */
function lowerBound(step: number, maxMessages: number): string {
  return Math.ceil(Math.expm1((step * Math.log1p(maxMessages)) / 6)).toLocaleString();
}

function describeCountry(country: HeatmapCountry): string {
  return `${country.messages.toLocaleString()} messages, ${(100 * country.dmarcFailureRate).toFixed(1)} % failing DMARC, ${country.distinctIps} addresses`;
}

function group(parent: Element, className: string): SVGGElement {
  return element(parent, 'g', { class: className });
}

function element<K extends keyof SVGElementTagNameMap>(parent: Element, name: K, attributes: Record<string, string>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  parent.append(node);
  return node;
}
