/**
 * The chart of cumulated costs as SVG text, drawn the same way at build
 * time (the page works before its script runs) and in the browser. The
 * table stays the source of truth: the SVG is an image with a title and a
 * description that give the two 10-year totals.
 *
 * The two curves differ by more than colour (WCAG 1.4.1): one is dashed
 * with square marks, the other solid with round ones. Colours are
 * Starlight's « high » tints, which keep 3:1 against the page background in
 * both themes.
 */
import { YEARS, formatDollars, type CostResult } from './cost-model.ts';
import { scenarioLabel, t } from './cost-texts.ts';

const WIDTH = 640;
const HEIGHT = 300;
const LEFT = 84;
const RIGHT = 16;
const TOP = 16;
const BOTTOM = 44;

/** A round step for the vertical axis: 1, 2 or 5 × 10ⁿ dollars, about 5 ticks. */
export function niceStep(maxCents: number): number {
	const rough = Math.max(maxCents / 5, 100);
	const power = 10 ** Math.floor(Math.log10(rough));
	for (const factor of [1, 2, 5, 10]) if (factor * power >= rough) return factor * power;
	return 10 * power;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The SVG element. `idPrefix` keeps the ids of title and description unique
 * on the page.
 */
export function costChartSvg(result: CostResult, idPrefix: string): string {
	const rented = result.cumulative.rented;
	const owned = result.cumulative.owned;
	const step = niceStep(Math.max(...rented, ...owned, 1));
	const top = Math.max(step, Math.ceil(Math.max(...rented, ...owned) / step) * step);
	const plotW = WIDTH - LEFT - RIGHT;
	const plotH = HEIGHT - TOP - BOTTOM;
	const x = (year: number) => LEFT + ((year - 0.5) / YEARS) * plotW;
	const y = (cents: number) => TOP + plotH - (cents / top) * plotH;
	const parts: string[] = [];
	const title = `${idPrefix}-titre`;
	const desc = `${idPrefix}-desc`;
	parts.push(
		`<svg class="cost-chart__svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${title} ${desc}" xmlns="http://www.w3.org/2000/svg">`,
		`<title id="${title}">${escapeXml(t('boreale.cost.chartTitle'))}</title>`,
		`<desc id="${desc}">${escapeXml(t('boreale.cost.chartDesc', { rented: formatDollars(rented[YEARS - 1]), owned: formatDollars(owned[YEARS - 1]) }))}</desc>`,
	);
	for (let value = 0; value <= top; value += step) {
		parts.push(
			`<line class="cost-chart__grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}"/>`,
			`<text class="cost-chart__tick" x="${LEFT - 8}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${escapeXml(formatDollars(value))}</text>`,
		);
	}
	for (let year = 1; year <= YEARS; year++) {
		parts.push(`<text class="cost-chart__tick" x="${x(year).toFixed(1)}" y="${HEIGHT - BOTTOM + 18}" text-anchor="middle">${year}</text>`);
	}
	parts.push(`<text class="cost-chart__tick" x="${LEFT + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle">${escapeXml(t('boreale.cost.chartYear'))}</text>`);
	const points = (values: number[]) => values.map((v, i) => `${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
	parts.push(`<polyline class="cost-chart__line cost-chart__line--rented" points="${points(rented)}"/>`);
	parts.push(`<polyline class="cost-chart__line cost-chart__line--owned" points="${points(owned)}"/>`);
	rented.forEach((v, i) => parts.push(`<rect class="cost-chart__mark--rented" x="${(x(i + 1) - 4).toFixed(1)}" y="${(y(v) - 4).toFixed(1)}" width="8" height="8"/>`));
	owned.forEach((v, i) => parts.push(`<circle class="cost-chart__mark--owned" cx="${x(i + 1).toFixed(1)}" cy="${y(v).toFixed(1)}" r="4.5"/>`));
	parts.push('</svg>');
	return parts.join('');
}

/** The legend, as HTML beside the SVG (readable text, not drawn letters). */
export function costChartLegend(): string {
	return (
		`<ul class="cost-chart__legend">` +
		`<li><span class="cost-chart__key cost-chart__key--rented" aria-hidden="true"></span>${escapeXml(t('boreale.cost.legendRented', { scenario: scenarioLabel('rented') }))}</li>` +
		`<li><span class="cost-chart__key cost-chart__key--owned" aria-hidden="true"></span>${escapeXml(t('boreale.cost.legendOwned', { scenario: scenarioLabel('owned') }))}</li>` +
		`</ul>`
	);
}
