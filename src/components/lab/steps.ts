/**
 * A lab's steps on screen. A lab page already holds them, as printed and
 * read without JavaScript (LabSteps.astro: title, text, folded hints and
 * solution): that list is taken over as it is, and given what the machine
 * adds (a mark, « Vérifier », the result, hints one at a time). A lab
 * embedded in a lesson (`::lab`) only has a link: the same list is first
 * made from lab.json.
 */
import { ui } from '../../i18n/ui.ts';
import type { ClientLab } from '../../labs/client-lab.ts';

/** A small element builder. `html` is trusted: lab HTML comes from this repository's Markdown. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
	const el = document.createElement(tag);
	for (const [key, value] of Object.entries(props)) {
		if (key === 'text') el.textContent = value;
		else if (key === 'html') el.innerHTML = value;
		else el.setAttribute(key, value);
	}
	el.append(...children);
	return el;
}

/** One step as the lab element drives it. */
export interface StepView {
	item: HTMLLIElement;
	result: HTMLElement;
	checkButton: HTMLButtonElement;
	hints: HTMLElement;
	hintButton: HTMLButtonElement;
	shownHints: number;
}

const HEADING = ':scope > h3, :scope > h4';
const HINT = ':scope > details.boreale-reveal--indice';
const SOLUTION = ':scope > details.boreale-reveal--solution';

function reveal(kind: 'indice' | 'solution', html: string): HTMLDetailsElement {
	return h('details', { class: `boreale-reveal boreale-reveal--${kind}` }, h('summary', { text: ui(`boreale.reveal.${kind}`) }), h('div', { html }));
}

/** The list LabSteps.astro renders, made from lab.json (for a lab embedded in a lesson). */
export function sheetFromLab(lab: ClientLab): HTMLOListElement {
	return h(
		'ol',
		{ class: 'lab-sheet' },
		...lab.steps.map((step) => {
			const item = h('li', {}, h('h3', { text: step.title }));
			item.insertAdjacentHTML('beforeend', step.html);
			item.append(...step.hints.map((hint) => reveal('indice', hint)));
			if (step.solution) item.append(reveal('solution', step.solution));
			return item;
		}),
	);
}

/**
 * Takes over one step of the list: title and text stay as they are, the
 * folded hints give way to hints shown one at a time, the solution stays
 * folded under « Voir la solution ».
 */
export function adoptStep(item: HTMLLIElement, hasHints: boolean): StepView {
	const heading = item.querySelector<HTMLElement>(HEADING);
	const solution = item.querySelector<HTMLDetailsElement>(SOLUTION);
	for (const hint of item.querySelectorAll(HINT)) hint.remove();
	solution?.remove();
	heading?.remove();
	const text = h('div', { class: 'lab-step__text' });
	text.append(...item.childNodes);

	const title = h('h3', { class: 'lab-step__title' }, h('span', { class: 'lab-step__mark', 'aria-hidden': 'true' }), ...(heading?.childNodes ?? []));
	const result = h('div', { class: 'lab-step__result', role: 'alert' });
	const checkButton = h('button', { type: 'button', class: 'lab-step__check', text: ui('boreale.lab.check') });
	const hintButton = h('button', { type: 'button', class: 'lab-step__hint-button' });
	const hints = h('div', { class: 'lab-step__hints' });
	const actions = h('div', { class: 'lab-step__actions not-content' }, checkButton);
	if (hasHints) actions.append(hintButton);
	item.className = 'lab-step';
	item.append(title, text, actions, result, hints);
	if (solution) {
		const summary = solution.querySelector(':scope > summary')!;
		summary.remove();
		summary.textContent = ui('boreale.lab.showSolution');
		const body = solution.querySelector(':scope > div:only-child') ?? h('div', {}, ...solution.childNodes);
		solution.replaceChildren(summary, body);
		solution.className = 'lab-step__solution';
		item.append(solution);
	}
	return { item, result, checkButton, hints, hintButton, shownHints: 0 };
}
