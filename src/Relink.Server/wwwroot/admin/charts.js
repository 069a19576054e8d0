// Live line charts in inline SVG, no library (the console works offline and under a strict content policy). Each
// chart names its current value and its peak in text, which is also the image's accessible name.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 80;

/** The charts the console draws: which sample fields, and how a value reads. */
export const CHARTS = [
  // This node's connections and sessions; in a cluster also the users online on every node (null on one node).
  { id: 'connections', title: 'Connections', series: [['connections', 'open'], ['online', 'online'], ['clusterUsers', 'users online in the cluster']], unit: '' },
  { id: 'logins', title: 'Logins and resumes per second', series: [['loginsPerSecond', 'logins'], ['resumesPerSecond', 'resumes']], unit: '/s' },
  { id: 'reconnects', title: 'New connections per second (reconnects)', series: [['connectsPerSecond', 'connections']], unit: '/s' },
  { id: 'messages', title: 'Messages per second', series: [['messagesPerSecond', 'messages']], unit: '/s' },
  { id: 'lag', title: 'Delivery lag, commit to push', series: [['lagMs', 'mean'], ['lagMaxMs', 'max']], unit: ' ms' },
];

function element(tag, attributes = {}, text) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function format(value, unit) {
  if (value === null || value === undefined) {
    return 'no data';
  }
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 1 : 0);
  return rounded + unit;
}

/** Builds the chart figures into `container`; returns a function that redraws them from the kept samples. */
export function createCharts(container) {
  const drawn = CHARTS.map((chart) => {
    const figure = element('figure', { class: 'chart', 'data-testid': `chart-${chart.id}` });
    const caption = element('figcaption');
    const title = element('span', { class: 'chart-title', id: `chart-title-${chart.id}` }, chart.title);
    const value = element('span', { class: 'chart-value', id: `chart-value-${chart.id}`, 'data-testid': `chart-value-${chart.id}` }, 'no data');
    caption.append(title, value);
    const svg = element('svg:svg', {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-labelledby': `chart-title-${chart.id} chart-value-${chart.id}`,
    });
    svg.append(element('svg:line', { class: 'axis', x1: 0, y1: HEIGHT - 1, x2: WIDTH, y2: HEIGHT - 1 }));
    const lines = chart.series.map((_, i) => {
      const line = element('svg:polyline', { class: `line line-${i}`, points: '', 'data-testid': `chart-line-${chart.id}-${i}` });
      svg.append(line);
      return line;
    });
    const legend = element('div', { class: 'legend', 'aria-hidden': 'true' });
    chart.series.forEach(([, label], i) => {
      const item = element('span');
      item.append(element('span', { class: `swatch swatch-${i}` }), label);
      legend.append(item);
    });
    figure.append(caption, svg, legend);
    container.append(figure);
    return { chart, value, lines };
  });

  return (samples, capacity) => {
    for (const { chart, value, lines } of drawn) {
      const points = chart.series.map(([field]) => samples.map((s) => s[field]));
      const peak = Math.max(1, ...points.flat().filter((v) => v !== null));
      points.forEach((series, i) => {
        const step = WIDTH / Math.max(1, capacity - 1);
        const offset = capacity - series.length; // newest at the right edge, the window fills from the left
        lines[i].setAttribute('points', series
          .map((v, x) => (v === null ? null : `${((offset + x) * step).toFixed(1)},${(HEIGHT - 2 - (v / peak) * (HEIGHT - 6)).toFixed(1)}`))
          .filter((p) => p !== null)
          .join(' '));
      });
      const last = samples.at(-1);
      const now = chart.series.map(([field, label]) => `${label} ${format(last ? last[field] : null, chart.unit)}`).join(', ');
      const seen = points.flat().filter((v) => v !== null);
      value.textContent = seen.length === 0 ? 'no data yet' : `now ${now}; peak ${format(Math.max(...seen), chart.unit)}`;
    }
  };
}
