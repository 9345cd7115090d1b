/**
 * The arithmetic of the cost calculator, with no page and no DOM: the same
 * functions run in the browser, in the CSV export and in the unit tests.
 *
 * Two scenarios over the same years:
 * - « rented »: a suite rented per person and per month (Microsoft 365,
 *   Google Workspace), plus the hours someone still spends managing it;
 * - « owned »: libre services on hardware the organisation owns, with local
 *   expertise (own staff, a cooperative, consultants), training and power.
 *
 * Money is counted in whole cents: every yearly amount of a line is rounded
 * to the cent once, then only integers are added, so totals never drift
 * (0,1 + 0,2 stays 0,30 $).
 */
import type { CostInputs } from './cost-schema.ts';

/** The horizons the page shows, in years. */
export const HORIZONS = [5, 10] as const;
/** Years computed and drawn (the longest horizon). */
export const YEARS = 10;
/** Hours in a year (365 days), for electricity. */
export const HOURS_PER_YEAR = 8760;

export type Scenario = 'rented' | 'owned';

/** Cost lines, in the order of the table. */
export const LINE_IDS = [
	'licences',
	'rentedAdmin',
	'hardware',
	'setup',
	'staff',
	'coop',
	'consultants',
	'training',
	'electricity',
] as const;
export type LineId = (typeof LINE_IDS)[number];

/** One cost line: what it is, whose scenario, and its amount for each year, in cents. */
export interface CostLine {
	id: LineId;
	scenario: Scenario;
	/**
	 * Is this money spent on people and suppliers here (work hours, training,
	 * Hydro-Québec)? Licences and hardware are counted as leaving, which is
	 * cautious for hardware bought from a local shop.
	 */
	local: boolean;
	/** Cents spent in year 1, 2… up to {@link YEARS}. */
	byYear: number[];
}

/** What the calculator shows: every line, and totals per scenario. */
export interface CostResult {
	lines: CostLine[];
	/** Cents per scenario and year (not cumulative). */
	yearly: Record<Scenario, number[]>;
	/** Cents per scenario, cumulated year after year (what the chart draws). */
	cumulative: Record<Scenario, number[]>;
}

/** Dollars to whole cents, rounded to the nearest cent. */
export function toCents(dollars: number): number {
	return Math.round(dollars * 100);
}

/** The same amount every year. */
const everyYear = (dollars: number): number[] => Array.from({ length: YEARS }, () => toCents(dollars));
/** An amount in the first year only. */
const firstYear = (dollars: number): number[] => Array.from({ length: YEARS }, (_, year) => (year === 0 ? toCents(dollars) : 0));

/**
 * Hardware is paid in year 1, then again each time it is worn out: with a
 * 3-year life, in years 1, 4, 7 and 10.
 */
export function hardwareByYear(cost: number, lifeYears: number): number[] {
	return Array.from({ length: YEARS }, (_, year) => (year % lifeYears === 0 ? toCents(cost) : 0));
}

/** Yearly electricity in dollars: average watts × 8760 h ÷ 1000 × price of a kWh. */
export function electricityPerYear(averageWatts: number, kwhPrice: number): number {
	return ((averageWatts * HOURS_PER_YEAR) / 1000) * kwhPrice;
}

/** Every line of both scenarios, year by year. */
export function computeCosts(input: CostInputs): CostResult {
	const lines: CostLine[] = [
		{ id: 'licences', scenario: 'rented', local: false, byYear: everyYear(input.users * input.licencePerUserMonth * 12) },
		{ id: 'rentedAdmin', scenario: 'rented', local: true, byYear: everyYear(input.adminHoursPerYear * input.adminRate) },
		{ id: 'hardware', scenario: 'owned', local: false, byYear: hardwareByYear(input.hardwareCost, input.hardwareYears) },
		{ id: 'setup', scenario: 'owned', local: true, byYear: firstYear(input.setupHours * input.setupRate) },
		{ id: 'staff', scenario: 'owned', local: true, byYear: everyYear(input.staffHoursPerYear * input.staffRate) },
		{ id: 'coop', scenario: 'owned', local: true, byYear: everyYear(input.coopHoursPerYear * input.coopRate) },
		{ id: 'consultants', scenario: 'owned', local: true, byYear: everyYear(input.consultantHoursPerYear * input.consultantRate) },
		{
			id: 'training',
			scenario: 'owned',
			local: true,
			byYear: Array.from({ length: YEARS }, (_, year) =>
				toCents((year === 0 ? input.trainingDaysInitial : input.trainingDaysPerYear) * input.trainingDayCost),
			),
		},
		{ id: 'electricity', scenario: 'owned', local: true, byYear: everyYear(electricityPerYear(input.averageWatts, input.kwhPrice)) },
	];
	const yearly = { rented: new Array<number>(YEARS).fill(0), owned: new Array<number>(YEARS).fill(0) };
	for (const line of lines) line.byYear.forEach((cents, year) => (yearly[line.scenario][year] += cents));
	const cumulate = (values: number[]) => values.map((_, year) => sum(values.slice(0, year + 1)));
	return { lines, yearly, cumulative: { rented: cumulate(yearly.rented), owned: cumulate(yearly.owned) } };
}

function sum(values: number[]): number {
	return values.reduce((a, b) => a + b, 0);
}

/** Cents of one line over the first `years` years. */
export function lineTotal(line: CostLine, years: number): number {
	return sum(line.byYear.slice(0, years));
}

/** Cents of a scenario over the first `years` years. */
export function scenarioTotal(result: CostResult, scenario: Scenario, years: number): number {
	return result.cumulative[scenario][years - 1];
}

/** Cents of a scenario spent here (see {@link CostLine.local}) over `years` years. */
export function localTotal(result: CostResult, scenario: Scenario, years: number): number {
	return sum(result.lines.filter((l) => l.scenario === scenario && l.local).map((l) => lineTotal(l, years)));
}

/**
 * The first year at the end of which the owned scenario has cost less in
 * total than the rented one, or `undefined` if it never does within {@link YEARS}.
 */
export function breakEvenYear(result: CostResult): number | undefined {
	const index = result.cumulative.owned.findIndex((owned, year) => owned < result.cumulative.rented[year]);
	return index < 0 ? undefined : index + 1;
}

const dollars = new Intl.NumberFormat('fr-CA', { maximumFractionDigits: 0 });
const dollarsAndCents = new Intl.NumberFormat('fr-CA', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Cents as French-Canadian dollars for reading: « 12 600 $ » (rounded to
 * the dollar; the CSV keeps the cents). Spaces are non-breaking.
 */
export function formatDollars(cents: number): string {
	return `${dollars.format(Math.round(cents / 100))}\u00a0$`;
}

/** Cents as a plain decimal for spreadsheets: « 12600,00 » (no thousands separator). */
export function formatDecimal(cents: number): string {
	return dollarsAndCents.format(cents / 100).replace(/[\s\u00a0\u202f]/g, '');
}
