/**
 * The calculator's table as CSV, for a spreadsheet: semicolons and decimal
 * commas (what a French-Canadian spreadsheet expects), every input with
 * its source, then every line over 5 and 10 years, with cents.
 */
import { COST_FIELDS, type CostInputs } from './cost-schema.ts';
import { DEFAULT_INPUTS, DEFAULT_SOURCES } from './cost-defaults.ts';
import { HORIZONS, lineTotal, localTotal, scenarioTotal, formatDecimal, type CostResult, type Scenario } from './cost-model.ts';
import { fieldLabel, lineLabel, scenarioLabel, t } from './cost-texts.ts';

/** The file name the browser proposes. */
export const CSV_FILE_NAME = 'comparaison-des-couts.csv';

/** One CSV cell: quoted when it holds a separator, a quote or a line break. */
function cell(value: string): string {
	return /[;"\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const row = (values: string[]): string => values.map(cell).join(';');

/** A number typed in the form, written back with a decimal comma. */
const decimal = (value: number): string => String(value).replace('.', ',');

/**
 * The CSV text (lines ended by CRLF, as RFC 4180 says). An input that
 * differs from the starting figure is marked as the organisation's own.
 * @param date the day of the calculation, ISO (`2026-12-05`)
 */
export function costCsv(input: CostInputs, result: CostResult, date: string): string {
	const rows: string[] = [row([t('boreale.cost.csvTitle', { date })]), ''];
	rows.push(row([t('boreale.cost.csvParameter'), t('boreale.cost.csvValue'), t('boreale.cost.csvSource')]));
	for (const field of COST_FIELDS) {
		const own = input[field] !== DEFAULT_INPUTS[field];
		const source = DEFAULT_SOURCES[field];
		rows.push(row([fieldLabel(field), decimal(input[field]), own ? t('boreale.cost.csvOwnFigure') : `${source.text} (${source.date})`]));
	}
	rows.push('');
	const years = HORIZONS.map((h) => t('boreale.cost.csvYears', { years: h }));
	rows.push(row([t('boreale.cost.colLine'), t('boreale.cost.colScenario'), ...years]));
	for (const line of result.lines) {
		rows.push(row([lineLabel(line.id), scenarioLabel(line.scenario), ...HORIZONS.map((h) => formatDecimal(lineTotal(line, h)))]));
	}
	for (const scenario of ['rented', 'owned'] as Scenario[]) {
		rows.push(row([t('boreale.cost.total', { scenario: scenarioLabel(scenario) }), scenarioLabel(scenario), ...HORIZONS.map((h) => formatDecimal(scenarioTotal(result, scenario, h)))]));
	}
	for (const scenario of ['rented', 'owned'] as Scenario[]) {
		rows.push(row([t('boreale.cost.csvLocal', { scenario: scenarioLabel(scenario) }), scenarioLabel(scenario), ...HORIZONS.map((h) => formatDecimal(localTotal(result, scenario, h)))]));
	}
	return `${rows.join('\r\n')}\r\n`;
}
