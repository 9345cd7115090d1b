/**
 * What the cost calculator accepts, as a zod schema: one flat object, so
 * that each field of the form is one key and each error names one field.
 * Bounds are wide (a 5 000-person municipality, a 200 $/h consultant) and
 * only refuse what cannot be meant: negative amounts, a server kept 0 year.
 */
import { z } from 'zod';
import { validate, ValidationError, type Problem } from '../../schemas/validate.ts';

/** An amount of money or a quantity: a finite number from 0 to `max`. */
const amount = (max: number) => z.number().min(0).max(max);
/** A whole count from `min` to `max`. */
const count = (min: number, max: number) => z.number().int().min(min).max(max);

export const costInputsSchema = z.strictObject({
	/** People who need an account (both scenarios). */
	users: count(1, 100_000),
	/** Rented suite: list price of one licence, per person and per month, in dollars. */
	licencePerUserMonth: amount(1_000),
	/** Rented suite: hours per year someone still spends managing accounts, licences and settings. */
	adminHoursPerYear: amount(10_000),
	/** Rented suite: hourly cost of that person, in dollars. */
	adminRate: amount(1_000),
	/** Own services: price of the server(s) and backup disks, in dollars, paid at each renewal. */
	hardwareCost: amount(10_000_000),
	/** Own services: years the hardware is kept before it is replaced (10 in the Alliance's model). */
	hardwareYears: count(1, 20),
	/** Own services: one-time hours to install and migrate (cooperative or consultant). */
	setupHours: amount(100_000),
	/** Own services: hourly rate of that installation work, in dollars. */
	setupRate: amount(1_000),
	/** Own services: hours per year of the organisation's own staff (updates, questions). */
	staffHoursPerYear: amount(100_000),
	/** Own services: hourly cost of that staff, in dollars. */
	staffRate: amount(1_000),
	/** Own services: hours per year bought from a cooperative (monitoring, backups, help). */
	coopHoursPerYear: amount(100_000),
	/** Own services: hourly rate of the cooperative, in dollars. */
	coopRate: amount(1_000),
	/** Own services: hours per year of outside consultants. */
	consultantHoursPerYear: amount(100_000),
	/** Own services: consultants' hourly rate, in dollars. */
	consultantRate: amount(1_000),
	/** Own services: days of training the first year (the whole team, one trainer). */
	trainingDaysInitial: amount(1_000),
	/** Own services: days of training every year after (newcomers, refreshers). */
	trainingDaysPerYear: amount(1_000),
	/** Own services: cost of one training day, in dollars. */
	trainingDayCost: amount(100_000),
	/** Own services: average power drawn by the hardware, in watts (measured with a plug meter). */
	averageWatts: amount(100_000),
	/** Own services: price of one kWh, in dollars (the organisation's Hydro-Québec rate). */
	kwhPrice: amount(10),
});

/** Inputs of the calculator, validated. */
export type CostInputs = z.output<typeof costInputsSchema>;
/** The name of one input field. */
export type CostField = keyof CostInputs;

/** The fields in the order the form shows them. */
export const COST_FIELDS = Object.keys(costInputsSchema.shape) as CostField[];

/**
 * Validates the calculator's inputs; a value that is not a number is named
 * with what was typed (« douze » is refused, « 12,50 » is read by the form).
 * @throws ValidationError listing every wrong field, in French
 */
export function validateCostInputs(data: unknown): CostInputs {
	return validate(costInputsSchema, data, 'Les paramètres du calcul', {
		title: 'Des paramètres du calcul sont à corriger',
		describe: (issue) => {
			if (issue.code === 'invalid_type' && issue.expected === 'number') {
				const input = (issue as { input?: unknown }).input;
				if (input === undefined || input === '') return 'valeur manquante : écrivez un nombre, par exemple 12,50';
				return `« ${String(input)} » n’est pas un nombre : écrivez des chiffres, avec une virgule pour les décimales (par exemple 12,50)`;
			}
			if (issue.code === 'invalid_type' && issue.expected === 'int') {
				return 'nombre entier attendu (sans décimales)';
			}
			return undefined;
		},
	});
}

/** Problems by field, for showing each message next to its field. */
export function problemsByField(error: ValidationError): Map<string, string> {
	const byField = new Map<string, string>();
	for (const problem of error.problems as Problem[]) {
		if (!byField.has(problem.where)) byField.set(problem.where, problem.message);
	}
	return byField;
}

/**
 * What a person typed, as the schema should see it: « 12,50 », « 1 200 »
 * and « 12.5 » are numbers; anything else is passed on as typed so that the
 * error can quote it; an empty field is missing.
 */
export function readNumber(raw: string): number | string | undefined {
	const compact = raw.replace(/[\s\u00a0\u202f]/g, '');
	if (compact === '') return undefined;
	const normal = compact.replace(',', '.');
	return /^-?(\d+\.?\d*|\.\d+)$/.test(normal) ? Number(normal) : raw.trim();
}
