import { ui } from '../../i18n/ui.ts';
import { parseExport, type LearnerExport } from '../../progress/export.ts';
import { isModuleDone, labStepsDone, type ModuleRef } from '../../progress/store.ts';

interface PathData {
	folder: string;
	title: string;
	modules: (ModuleRef & { title: string })[];
}

const dateFormat = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'medium', timeStyle: 'short' });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
	node.append(...children);
	return node;
}

/** The mentor table: learners' exports (codes or files) read in this browser only, one table per path. */
class MentorTable extends HTMLElement {
	#learners: LearnerExport[] = [];
	#paths: PathData[] = [];

	connectedCallback() {
		this.#paths = JSON.parse(this.dataset.paths ?? '[]');
		const codes = this.querySelector<HTMLTextAreaElement>('#mentor-codes')!;
		const files = this.querySelector<HTMLInputElement>('#mentor-files')!;
		const status = this.querySelector<HTMLElement>('[data-status]')!;
		const errors = this.querySelector<HTMLElement>('[data-errors]')!;
		this.querySelector('[data-action="add"]')!.addEventListener('click', async () => {
			const problems: string[] = [];
			let added = 0;
			const take = (learner: LearnerExport) => {
				const known = this.#learners.some((l) => l.name === learner.name && l.exportedAt === learner.exportedAt);
				if (known) problems.push(ui('boreale.mentor.duplicate', { who: this.#who(learner) }));
				else {
					this.#learners.push(learner);
					added += 1;
				}
			};
			codes.value.split('\n').forEach((line, index) => {
				if (!line.trim()) return;
				try {
					take(parseExport(line));
				} catch (error) {
					problems.push(ui('boreale.mentor.lineError', { line: index + 1, message: (error as Error).message }));
				}
			});
			for (const file of files.files ?? []) {
				try {
					take(parseExport(await file.text()));
				} catch (error) {
					problems.push(ui('boreale.mentor.fileError', { file: file.name, message: (error as Error).message }));
				}
			}
			codes.value = '';
			files.value = '';
			status.textContent = ui('boreale.mentor.added', { count: added });
			errors.replaceChildren(...(problems.length ? [el('ul', {}, ...problems.map((p) => el('li', {}, p)))] : []));
			this.#render();
		});
		this.querySelector('[data-action="clear"]')!.addEventListener('click', () => {
			this.#learners = [];
			status.textContent = ui('boreale.mentor.none');
			errors.replaceChildren();
			this.#render();
		});
		this.#render();
	}

	#who(learner: LearnerExport): string {
		return learner.name || ui('boreale.mentor.person', { n: this.#learners.indexOf(learner) + 1 || this.#learners.length + 1 });
	}

	#render() {
		const list = this.querySelector('[data-learners]')!;
		this.querySelector<HTMLElement>('[data-empty]')!.hidden = this.#learners.length > 0;
		list.replaceChildren(
			...this.#learners.map((learner) => {
				const remove = el('button', { type: 'button', class: 'boreale-pill' }, ui('boreale.mentor.remove', { who: this.#who(learner) }));
				remove.addEventListener('click', () => {
					this.#learners = this.#learners.filter((l) => l !== learner);
					this.#render();
				});
				return el('li', {}, `${this.#who(learner)} (${ui('boreale.mentor.exportedOn', { date: dateFormat.format(new Date(learner.exportedAt)) })}) `, remove);
			}),
		);
		const tables = this.querySelector('[data-tables]')!;
		tables.replaceChildren(...(this.#learners.length ? this.#paths.map((path) => this.#table(path)) : []));
	}

	#table(path: PathData): HTMLElement {
		const headRow = el('tr', {}, el('th', { scope: 'col' }, ui('boreale.mentor.learner')));
		for (const module of path.modules) headRow.append(el('th', { scope: 'col' }, module.title));
		headRow.append(el('th', { scope: 'col' }, ui('boreale.mentor.total')));
		const body = el('tbody');
		for (const learner of this.#learners) {
			const row = el('tr', {}, el('th', { scope: 'row' }, this.#who(learner)));
			let done = 0;
			for (const module of path.modules) {
				const cell = el('td');
				if (isModuleDone(learner.progress, module)) {
					done += 1;
					cell.dataset.state = 'done';
					cell.append(el('span', { 'aria-hidden': 'true' }, '✓'), el('span', { class: 'sr-only' }, ui('boreale.mentor.done')));
				} else if (module.lab && labStepsDone(learner.progress, module.lab.id, module.lab.steps).length > 0) {
					cell.dataset.state = 'started';
					cell.append(ui('boreale.mentor.steps', { done: labStepsDone(learner.progress, module.lab.id, module.lab.steps).length, total: module.lab.steps }));
				} else {
					cell.dataset.state = 'none';
					cell.append(el('span', { 'aria-hidden': 'true' }, '—'), el('span', { class: 'sr-only' }, ui('boreale.mentor.notStarted')));
				}
				row.append(cell);
			}
			row.append(el('td', { 'data-total': '' }, `${done}/${path.modules.length}`));
			body.append(row);
		}
		const caption = el('caption', {}, ui('boreale.mentor.caption', { path: path.title }));
		const table = el('table', { 'data-path': path.folder }, caption, el('thead', {}, headRow), body);
		return el('div', { class: 'mentor-table__scroll', tabindex: '0', role: 'region', 'aria-label': ui('boreale.mentor.scrollLabel', { path: path.title }) }, table);
	}
}
customElements.define('boreale-mentor-table', MentorTable);
