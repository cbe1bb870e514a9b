/** Colours per target (colour-blind safe), then a fallback cycle. */
const COLOURS: Record<string, string> = { local: '#1b9e77', localstack: '#d95f02', aws: '#7570b3' };
const CYCLE = ['#e7298a', '#66a61e', '#e6ab02', '#a6761d'];

/** The colour of a target label (`aws#2` gets the cycle). */
export function colourOf(target: string, index: number): string {
  return COLOURS[target] ?? CYCLE[index % CYCLE.length] ?? '#666';
}

export const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const W = 640;
const H = 280;
const M = { top: 28, right: 16, bottom: 44, left: 64 };

const n = (value: number) => (Math.round(value * 10) / 10).toString();

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function frame(title: string, body: string[], xLabel: string, yLabel: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="${W / 2}" y="16" text-anchor="middle" class="chart-title">${escapeXml(title)}</text>`,
    `<text x="${M.left + (W - M.left - M.right) / 2}" y="${H - 6}" text-anchor="middle" class="axis-label">${escapeXml(xLabel)}</text>`,
    `<text x="14" y="${M.top + (H - M.top - M.bottom) / 2}" text-anchor="middle" class="axis-label" transform="rotate(-90 14 ${M.top + (H - M.top - M.bottom) / 2})">${escapeXml(yLabel)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function yAxis(max: number): string[] {
  const parts: string[] = [];
  const plotH = H - M.top - M.bottom;
  for (let i = 0; i <= 4; i += 1) {
    const value = (max * i) / 4;
    const y = M.top + plotH - (plotH * i) / 4;
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${n(y)}" y2="${n(y)}" class="grid"/>`,
      `<text x="${M.left - 6}" y="${n(y + 4)}" text-anchor="end" class="tick">${escapeXml(value >= 100 ? value.toFixed(0) : value.toPrecision(2))}</text>`,
    );
  }
  return parts;
}

/** Distribution per target: a box (quartiles), a median line, whiskers and every sample as a dot. */
export function distributionChart(
  title: string,
  unit: string,
  groups: ReadonlyArray<{ target: string; samples: readonly number[] }>,
): string {
  const all = groups.flatMap((group) => group.samples);
  const max = niceMax(Math.max(0, ...all));
  const plotH = H - M.top - M.bottom;
  const plotW = W - M.left - M.right;
  const y = (value: number) => M.top + plotH - (value / max) * plotH;
  const band = plotW / Math.max(1, groups.length);
  const body = yAxis(max);
  groups.forEach((group, index) => {
    const sorted = [...group.samples].sort((a, b) => a - b);
    const cx = M.left + band * index + band / 2;
    const colour = colourOf(group.target, index);
    body.push(
      `<text x="${n(cx)}" y="${H - M.bottom + 16}" text-anchor="middle" class="tick">${escapeXml(group.target)} (n=${sorted.length})</text>`,
    );
    if (sorted.length === 0) return;
    const q = (p: number) => {
      const pos = (sorted.length - 1) * p;
      const lo = sorted[Math.floor(pos)] ?? 0;
      const hi = sorted[Math.ceil(pos)] ?? lo;
      return lo + (hi - lo) * (pos - Math.floor(pos));
    };
    const boxW = Math.min(80, band * 0.4);
    const top = y(q(0.75));
    const bottom = y(q(0.25));
    body.push(
      `<line x1="${n(cx)}" x2="${n(cx)}" y1="${n(y(sorted[sorted.length - 1] ?? 0))}" y2="${n(y(sorted[0] ?? 0))}" stroke="${colour}" class="whisker"/>`,
      `<rect x="${n(cx - boxW / 2)}" y="${n(top)}" width="${n(boxW)}" height="${n(Math.max(1, bottom - top))}" fill="${colour}" fill-opacity="0.25" stroke="${colour}"><title>${escapeXml(`${group.target}: p25 ${q(0.25).toFixed(1)}, p75 ${q(0.75).toFixed(1)} ${unit}`)}</title></rect>`,
      `<path d="M${n(cx - boxW / 2)} ${n(y(q(0.5)))}H${n(cx + boxW / 2)}" stroke="${colour}" stroke-width="3"><title>${escapeXml(`median ${q(0.5).toFixed(1)} ${unit}`)}</title></path>`,
    );
    sorted.forEach((value, i) => {
      const jitter = ((i * 37) % 17) / 17 - 0.5;
      body.push(
        `<circle cx="${n(cx + boxW * 0.9 + jitter * boxW * 0.5)}" cy="${n(y(value))}" r="2.5" fill="${colour}" fill-opacity="0.7"/>`,
      );
    });
  });
  return frame(title, body, 'target', unit);
}

/** Bars per category and target (e.g. cold and warm medians). */
export function barChart(
  title: string,
  unit: string,
  categories: readonly string[],
  series: ReadonlyArray<{ target: string; values: ReadonlyArray<number | null> }>,
): string {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const plotH = H - M.top - M.bottom;
  const plotW = W - M.left - M.right;
  const band = plotW / Math.max(1, categories.length);
  const barW = (band * 0.7) / Math.max(1, series.length);
  const body = yAxis(max);
  categories.forEach((category, c) => {
    const x0 = M.left + band * c + band * 0.15;
    body.push(
      `<text x="${n(M.left + band * c + band / 2)}" y="${H - M.bottom + 16}" text-anchor="middle" class="tick">${escapeXml(category)}</text>`,
    );
    series.forEach((s, i) => {
      const value = s.values[c] ?? null;
      if (value === null) return;
      const h = (value / max) * plotH;
      body.push(
        `<rect x="${n(x0 + barW * i)}" y="${n(M.top + plotH - h)}" width="${n(barW - 2)}" height="${n(Math.max(1, h))}" fill="${colourOf(s.target, i)}"><title>${escapeXml(`${s.target} ${category}: ${value.toFixed(1)} ${unit}`)}</title></rect>`,
      );
    });
  });
  return frame(title, [...body, ...legend(series.map((s) => s.target))], '', unit);
}

/** Lines per target through (x, y) points; `logX` for sizes spanning decades. */
export function lineChart(
  title: string,
  xLabel: string,
  yLabel: string,
  logX: boolean,
  series: ReadonlyArray<{ target: string; points: ReadonlyArray<{ x: number; y: number }> }>,
): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const maxY = niceMax(Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.y))));
  const tx = (value: number) => (logX ? Math.log10(Math.max(1, value)) : value);
  const minX = Math.min(...xs.map(tx));
  const maxX = Math.max(...xs.map(tx));
  const plotH = H - M.top - M.bottom;
  const plotW = W - M.left - M.right;
  const x = (value: number) =>
    M.left + (maxX === minX ? plotW / 2 : ((tx(value) - minX) / (maxX - minX)) * plotW);
  const y = (value: number) => M.top + plotH - (value / maxY) * plotH;
  const body = yAxis(maxY);
  for (const value of [...new Set(xs)].sort((a, b) => a - b)) {
    body.push(
      `<text x="${n(x(value))}" y="${H - M.bottom + 16}" text-anchor="middle" class="tick">${value.toLocaleString('en-US')}</text>`,
    );
  }
  series.forEach((s, i) => {
    const colour = colourOf(s.target, i);
    const points = [...s.points].sort((a, b) => a.x - b.x);
    if (points.length === 0) return;
    body.push(
      `<path d="${points.map((p, k) => `${k === 0 ? 'M' : 'L'}${n(x(p.x))} ${n(y(p.y))}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`,
      ...points.map(
        (p) =>
          `<circle cx="${n(x(p.x))}" cy="${n(y(p.y))}" r="3.5" fill="${colour}"><title>${escapeXml(`${s.target}: ${p.x} -> ${p.y.toFixed(1)}`)}</title></circle>`,
      ),
    );
  });
  return frame(title, [...body, ...legend(series.map((s) => s.target))], xLabel, yLabel);
}

function legend(targets: readonly string[]): string[] {
  return targets.flatMap((target, i) => [
    `<rect x="${W - M.right - 110}" y="${M.top + 4 + i * 16}" width="10" height="10" fill="${colourOf(target, i)}"/>`,
    `<text x="${W - M.right - 96}" y="${M.top + 13 + i * 16}" class="tick">${escapeXml(target)}</text>`,
  ]);
}
