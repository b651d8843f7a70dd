/**
 * A horizontal bar chart as SVG text, written by hand so the harness needs no charting dependency: one row per bar
 * (the median), a whisker from min to max, the value printed at the bar's end, rows grouped under a heading.
 * Several charts of a suite stack into one file.
 */
import type { ChartSpec } from './suite.js';

const WIDTH = 960;
const LABEL_WIDTH = 330;
const VALUE_WIDTH = 150;
const ROW = 22;
const GROUP_GAP = 26;
const TITLE = 34;
const PALETTE = ['#3b6ea5', '#d07c2e', '#4f9a5b', '#b0413e', '#7d5ba6', '#8c6d46', '#c05a9c', '#5f8f9e'];

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: value >= 10 ? 1 : 2 });
}

/** A peer's colour: the same peer keeps its colour across groups, so the eye can follow it. */
function colourOf(label: string, colours: Map<string, string>): string {
  const peer = label.split(/[ ,(]/)[0] ?? label;
  let colour = colours.get(peer);
  if (colour === undefined) {
    colour = PALETTE[colours.size % PALETTE.length] as string;
    colours.set(peer, colour);
  }
  return colour;
}

function chartBody(chart: ChartSpec, top: number, colours: Map<string, string>): { svg: string[]; height: number } {
  const svg: string[] = [];
  const scaleMax = Math.max(1e-9, ...chart.bars.map((bar) => (Number.isFinite(bar.max) ? bar.max : bar.median)));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const positive = chart.bars.flatMap((bar) => [bar.min, bar.median]).filter((value) => Number.isFinite(value) && value > 0);
  // A log axis starts at half the decade below the smallest value, so the smallest bar is still visible.
  const floor = 10 ** Math.floor(Math.log10(Math.min(scaleMax, ...positive))) / 2;
  const x = chart.logScale === true
    ? (value: number): number => LABEL_WIDTH + (Math.log10(Math.max(floor, value) / floor) / Math.log10(scaleMax / floor)) * plot
    : (value: number): number => LABEL_WIDTH + (Math.max(0, value) / scaleMax) * plot;
  const direction = chart.lowerIsBetter === true ? 'lower is better' : 'higher is better';
  const axis = chart.logScale === true ? `log axis from ${formatValue(floor)}, ` : '';
  svg.push(`<text x="10" y="${top + 20}" class="title">${escape(chart.title)} — ${escape(chart.unit)}, ` +
    `median with min–max whisker (${axis}${direction})</text>`);
  let y = top + TITLE;
  let group: string | undefined;
  for (const bar of chart.bars) {
    if (bar.group !== group) {
      group = bar.group;
      y += group === chart.bars[0]?.group ? 4 : GROUP_GAP - ROW + 4;
      svg.push(`<text x="10" y="${y + 12}" class="group">${escape(group)}</text>`);
      y += ROW;
    }
    const colour = colourOf(bar.label, colours);
    const width = Number.isFinite(bar.median) ? x(bar.median) - LABEL_WIDTH : 0;
    svg.push(`<text x="${LABEL_WIDTH - 8}" y="${y + 15}" class="label">${escape(bar.label)}</text>`);
    svg.push(`<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 6}" fill="${colour}"/>`);
    if (Number.isFinite(bar.min) && Number.isFinite(bar.max) && bar.max > bar.min) {
      const middle = y + ROW / 2;
      svg.push(`<path d="M${x(bar.min).toFixed(1)} ${middle}H${x(bar.max).toFixed(1)}` +
        `M${x(bar.min).toFixed(1)} ${middle - 5}v10M${x(bar.max).toFixed(1)} ${middle - 5}v10" class="whisker"/>`);
    }
    const valueX = Math.max(x(bar.median), Number.isFinite(bar.max) ? x(bar.max) : 0) + 6;
    svg.push(`<text x="${valueX.toFixed(1)}" y="${y + 15}" class="value">${escape(formatValue(bar.median))}</text>`);
    y += ROW;
  }
  return { svg, height: y - top + 16 };
}

export function svgBarCharts(charts: readonly ChartSpec[]): string {
  const colours = new Map<string, string>();
  const parts: string[] = [];
  let top = 0;
  for (const chart of charts) {
    const { svg, height } = chartBody(chart, top, colours);
    parts.push(...svg);
    top += height;
  }
  const height = Math.max(top, 60);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    '<style>text{font:12px sans-serif;fill:#222}.title{font-weight:bold;font-size:13px}.group{font-weight:bold;fill:#555}' +
      '.label{text-anchor:end}.whisker{stroke:#111;stroke-width:1.2;fill:none}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
