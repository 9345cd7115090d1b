/**
 * The calculator in the browser: reads the form, validates it with the
 * schema, recomputes table, chart and summary, exports CSV through a blob
 * (no request: the file is made in the page). An invalid field keeps the
 * last valid results on screen and says which field and why, next to it.
 */
import { COST_FIELDS, problemsByField, readNumber, validateCostInputs, type CostField, type CostInputs } from './cost-schema.ts';
import { frenchSpacing } from '../../text/french-typography.ts';
import { computeCosts } from './cost-model.ts';
import { costChartSvg } from './cost-chart.ts';
import { costSummary, costTableHtml } from './cost-view.ts';
import { CSV_FILE_NAME, costCsv } from './cost-export.ts';
import { t } from './cost-texts.ts';
import { ValidationError } from '../../schemas/validate.ts';

const shown = (value: number): string => String(value).replace('.', ',');

class CostCalculator extends HTMLElement {
	private inputs!: Record<CostField, HTMLInputElement>;
	private valid!: CostInputs;

	connectedCallback() {
		const defaults: CostInputs = JSON.parse(this.dataset.defaults ?? '{}');
		this.valid = defaults;
		this.inputs = Object.fromEntries(COST_FIELDS.map((f) => [f, this.querySelector<HTMLInputElement>(`#cost-${f}`)!])) as Record<CostField, HTMLInputElement>;
		const status = this.querySelector<HTMLElement>('[data-status]')!;
		this.querySelector('form')!.addEventListener('input', () => this.update(status, false));
		this.querySelector('form')!.addEventListener('change', () => this.update(status, true));
		this.querySelector('form')!.addEventListener('submit', (event) => event.preventDefault());
		this.querySelector('[data-reset]')!.addEventListener('click', () => {
			for (const field of COST_FIELDS) this.inputs[field].value = shown(defaults[field]);
			this.update(status, true);
		});
		this.querySelector('[data-print]')!.addEventListener('click', () => print());
		this.querySelector('[data-download]')!.addEventListener('click', () => {
			const csv = costCsv(this.valid, computeCosts(this.valid), new Date().toISOString().slice(0, 10));
			// The BOM tells spreadsheets the file is UTF-8 (accents intact).
			const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
			const link = document.createElement('a');
			link.href = url;
			link.download = CSV_FILE_NAME;
			link.hidden = true;
			this.append(link);
			link.click();
			link.remove();
			setTimeout(() => URL.revokeObjectURL(url), 10_000);
			status.textContent = t('boreale.cost.downloaded', { name: CSV_FILE_NAME });
		});
		this.update(status, false);
	}

	/** Validates, marks the wrong fields, and redraws when everything is valid. */
	private update(status: HTMLElement, announce: boolean) {
		const data = Object.fromEntries(COST_FIELDS.map((f) => [f, readNumber(this.inputs[f].value)]));
		let problems = new Map<string, string>();
		try {
			this.valid = validateCostInputs(data);
		} catch (error) {
			if (!(error instanceof ValidationError)) throw error;
			problems = problemsByField(error);
		}
		for (const field of COST_FIELDS) this.mark(field, problems.get(field));
		if (problems.size > 0) {
			status.textContent = t('boreale.cost.invalid', { n: problems.size });
			return;
		}
		const result = computeCosts(this.valid);
		this.querySelector('[data-chart]')!.innerHTML = costChartSvg(result, 'cost-chart');
		this.querySelector('[data-table]')!.innerHTML = costTableHtml(result);
		const summary = this.querySelector('[data-summary]')!;
		summary.replaceChildren(...costSummary(result).map((sentence) => Object.assign(document.createElement('p'), { textContent: sentence })));
		// The status line speaks the new totals once a field is left, not at every keystroke.
		status.textContent = announce ? costSummary(result).slice(0, 2).join(' ') : '';
	}

	/** Shows or clears a field's error, and ties it to the field for screen readers. */
	private mark(field: CostField, message: string | undefined) {
		const input = this.inputs[field];
		const error = this.querySelector<HTMLElement>(`#cost-${field}-error`)!;
		const source = `cost-${field}-source`;
		if (message === undefined) {
			input.removeAttribute('aria-invalid');
			input.setAttribute('aria-describedby', source);
			error.hidden = true;
			error.textContent = '';
		} else {
			input.setAttribute('aria-invalid', 'true');
			input.setAttribute('aria-describedby', `${error.id} ${source}`);
			error.hidden = false;
			error.textContent = frenchSpacing(message);
		}
	}
}

customElements.define('boreale-cost-calculator', CostCalculator);
