/** One bar per day of the window: its height the day's messages, its red top the share failing DMARC. */
export interface Day {
  readonly date: string;
  readonly messages: number;
  readonly dmarcAligned: number;
}

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 120;
const HEIGHT = 26;

/** A small SVG chart of the window's days, oldest left; days without mail are empty. */
export function sparkline(days: readonly Day[], windowDays: number, end: Date): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('width', String(WIDTH));
  svg.setAttribute('height', String(HEIGHT));
  svg.setAttribute('class', 'sparkline');
  const byDate = new Map(days.map((day) => [day.date, day]));
  const max = Math.max(1, ...days.map((day) => day.messages));
  const step = WIDTH / windowDays;
  let total = 0;
  for (let i = 0; i < windowDays; i++) {
    const date = new Date(end.getTime() - (windowDays - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    const day = byDate.get(date);
    if (!day) continue;
    total += day.messages;
    const height = Math.max(1.5, (day.messages / max) * HEIGHT);
    const failing = height * (1 - day.dmarcAligned / day.messages);
    const top = HEIGHT - height;
    bar(svg, i * step, top + failing, Math.max(1, step - 1), height - failing, 'aligned');
    if (failing > 0) bar(svg, i * step, top, Math.max(1, step - 1), failing, 'failing');
  }
  const title = document.createElementNS(SVG, 'title');
  title.textContent = `${total.toLocaleString()} messages on ${days.length} days`;
  svg.prepend(title);
  return svg;
}

function bar(svg: SVGSVGElement, x: number, y: number, width: number, height: number, kind: 'aligned' | 'failing'): void {
  const rect = document.createElementNS(SVG, 'rect');
  rect.setAttribute('x', x.toFixed(1));
  rect.setAttribute('y', y.toFixed(1));
  rect.setAttribute('width', width.toFixed(1));
  rect.setAttribute('height', height.toFixed(1));
  rect.setAttribute('class', kind);
  svg.append(rect);
}
