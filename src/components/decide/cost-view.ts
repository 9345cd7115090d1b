/**
 * The calculator's results as HTML text: the summary sentences and the
 * table, written by the same functions at build time and in the browser.
 */
import { HORIZONS, breakEvenYear, formatDollars, lineTotal, localTotal, scenarioTotal, type CostResult, type Scenario } from './cost-model.ts';
import { lineLabel, scenarioLabel, t } from './cost-texts.ts';

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const SCENARIOS: Scenario[] = ['rented', 'owned'];

/** Percentage of `part` in `whole`, rounded; 0 when nothing is spent. */
export function share(part: number, whole: number): number {
	return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

/** The sentences above the chart: totals, difference, when the curves cross, where the money goes. */
export function costSummary(result: CostResult): string[] {
	const rented = scenarioTotal(result, 'rented', 10);
	const owned = scenarioTotal(result, 'owned', 10);
	const sentences = [t('boreale.cost.summaryTotals', { rented: formatDollars(rented), owned: formatDollars(owned) })];
	if (owned < rented) sentences.push(t('boreale.cost.summaryCheaper', { diff: formatDollars(rented - owned) }));
	else if (owned > rented) sentences.push(t('boreale.cost.summaryDearer', { diff: formatDollars(owned - rented) }));
	else sentences.push(t('boreale.cost.summaryEqual'));
	const year = breakEvenYear(result);
	sentences.push(year === undefined ? t('boreale.cost.noBreakEven') : t('boreale.cost.breakEven', { year }));
	sentences.push(
		t('boreale.cost.localSummary', {
			owned: share(localTotal(result, 'owned', 10), owned),
			rented: share(localTotal(result, 'rented', 10), rented),
		}),
	);
	return sentences;
}

/** The table: one group of rows per scenario, its lines, its total and what of it is spent here. */
export function costTableHtml(result: CostResult): string {
	const head = `<thead><tr><th scope="col">${escapeHtml(t('boreale.cost.colLine'))}</th>${HORIZONS.map((h) => `<th scope="col">${escapeHtml(t('boreale.cost.colYears', { years: h }))}</th>`).join('')}</tr></thead>`;
	const bodies = SCENARIOS.map((scenario) => {
		const rows = [`<tr class="cost-table__group"><th scope="rowgroup" colspan="${HORIZONS.length + 1}">${escapeHtml(scenarioLabel(scenario))}</th></tr>`];
		for (const line of result.lines.filter((l) => l.scenario === scenario)) {
			rows.push(`<tr data-line="${line.id}"><th scope="row">${escapeHtml(lineLabel(line.id))}</th>${HORIZONS.map((h) => `<td>${formatDollars(lineTotal(line, h))}</td>`).join('')}</tr>`);
		}
		rows.push(
			`<tr class="cost-table__total" data-total="${scenario}"><th scope="row">${escapeHtml(t('boreale.cost.total', { scenario: scenarioLabel(scenario) }))}</th>${HORIZONS.map((h) => `<td>${formatDollars(scenarioTotal(result, scenario, h))}</td>`).join('')}</tr>`,
			`<tr class="cost-table__local" data-local="${scenario}"><th scope="row">${escapeHtml(t('boreale.cost.localShare'))}</th>${HORIZONS.map((h) => `<td>${formatDollars(localTotal(result, scenario, h))}</td>`).join('')}</tr>`,
		);
		return `<tbody>${rows.join('')}</tbody>`;
	});
	return `<table class="cost-table"><caption>${escapeHtml(t('boreale.cost.tableCaption'))}</caption>${head}${bodies.join('')}</table>`;
}
