import { ui } from '../../i18n/ui.ts';
import { labJson } from '../../site-paths.ts';
import { formatBytes } from '../../text/format-bytes.ts';
import { deleteMachine, loadMachine, MachineStorageError, saveMachine } from '../../machine/browser/store.ts';
import { deleteJournal, loadJournalHead } from '../../machine/browser/journal-store.ts';
import { prepareLab } from '../../machine/prepare.ts';
import type { ClientLab } from '../../labs/client-lab.ts';
import type { LabMachine, LabRuntime } from '../../machine/machine.ts';
import { sharedV86Runtime } from '../../machine/browser/v86-runtime.ts';
import { labStepsDone, readProgress, resetLabProgress, setStepDone } from '../../progress/store.ts';
import { AUTOSTART_KEY, autostartWanted, startsByItself } from './autostart.ts';
import { adoptStep, h, sheetFromLab, type StepView } from './steps.ts';
import { LabTerminal } from './terminal.ts';
import './lab.css';

/** Auto-save at most this often while the learner types. */
const AUTOSAVE_MS = 2 * 60 * 1000;

/**
 * `<boreale-lab data-lab="id">`: instructions, a terminal on a real Debian
 * machine, « Vérifier » per step, staged hints, solution, saved work.
 * `data-autostart` boots at once (lab pages); otherwise a button does, so
 * a lesson page downloads nothing until the learner asks.
 */
export class LabElement extends HTMLElement {
	runtime: LabRuntime = sharedV86Runtime();
	lab?: ClientLab;
	machine?: LabMachine;
	#terminal?: LabTerminal;
	#status!: HTMLElement;
	#progress!: HTMLProgressElement;
	#buttons: Record<'start' | 'save' | 'reset' | 'screenReader', HTMLButtonElement> = {} as never;
	#steps: StepView[] = [];
	#stepCount!: HTMLElement;
	#dirtySince = 0;
	/** File changes of the guest not stored yet (the machine's file journal says so within milliseconds). */
	#filesPending = false;
	#saving?: Promise<void>;
	#autosave?: ReturnType<typeof setInterval>;
	#resetDialog!: HTMLDialogElement;

	async connectedCallback(): Promise<void> {
		if (this.dataset.ready) return;
		this.dataset.ready = 'true';
		const id = this.dataset.lab!;
		try {
			const response = await fetch(labJson(id));
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			this.lab = (await response.json()) as ClientLab;
		} catch (error) {
			this.textContent = ui('boreale.lab.fetchFailed', { reason: (error as Error).message });
			return;
		}
		this.#render(this.lab);
		this.#renderProgress();
		// Leaving the tab (or closing it) keeps the learner's work.
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'hidden' && this.#dirtySince) void this.save();
		});
		// Files are stored as they are written; the browser asks before leaving only in the instant they are not yet.
		window.addEventListener('beforeunload', (event) => {
			if (this.#filesPending) event.preventDefault();
		});
		if (typeof WebAssembly !== 'object') {
			this.#setStatus(ui('boreale.lab.noWasm'), 'error');
			this.#buttons.start.disabled = true;
			return;
		}
		// The machine already reads its image ahead (lab-prepare.client.ts).
		if (startsByItself(this)) void this.start();
	}

	disconnectedCallback(): void {
		clearInterval(this.#autosave);
	}

	/** Builds the interface around the steps: bar and status, steps, terminal, reset dialog. */
	#render(lab: ClientLab): void {
		// The lab page's printed steps (LabSteps.astro); a lesson's embed has none yet.
		const printed = this.querySelector<HTMLOListElement>(':scope > ol.lab-sheet');
		const sheet = printed?.children.length === lab.steps.length ? printed : sheetFromLab(lab);
		this.replaceChildren();
		this.classList.add('lab');
		const steps = this.#renderSteps(lab, sheet);
		const screen = h('div', { class: 'lab__screen' });
		const terminal = h(
			'section',
			{ class: 'lab__terminal not-content', 'aria-label': ui('boreale.lab.terminal') },
			screen,
			h('p', { class: 'lab__leave-hint', text: ui('boreale.lab.leaveHint') }),
		);
		this.#resetDialog = this.#buildResetDialog();
		this.append(this.#renderHead(), h('div', { class: 'lab__body' }, steps, terminal), this.#resetDialog);
		// xterm.js measures its container: it opens once the screen is in the page.
		this.#terminal = new LabTerminal(screen, { label: ui('boreale.lab.terminal') });
		this.#terminal.term.onData(() => {
			this.#dirtySince ||= Date.now();
		});
		this.#wireCommands();
	}

	/** Start, save, reset and screen-reader buttons, the autostart choice, the status line and the progress bar. */
	#renderHead(): HTMLElement {
		this.#status = h('p', { class: 'lab__status', role: 'status', text: ui('boreale.lab.notStarted') });
		this.#progress = h('progress', { class: 'lab__progress', max: '1', value: '0', 'aria-hidden': 'true' });
		this.#progress.hidden = true;
		const button = (key: string, label: string, onClick: () => void) => {
			const b = h('button', { type: 'button', class: `lab__button lab__button--${key}`, text: label });
			b.addEventListener('click', onClick);
			return b;
		};
		this.#buttons.start = button('start', ui('boreale.lab.start'), () => void this.start());
		this.#buttons.save = button('save', ui('boreale.lab.save'), () => void this.save());
		this.#buttons.reset = button('reset', ui('boreale.lab.reset'), () => this.#resetDialog.showModal());
		this.#buttons.screenReader = button('screen-reader', ui('boreale.lab.screenReader'), () => {
			const on = this.#buttons.screenReader.getAttribute('aria-pressed') !== 'true';
			this.#buttons.screenReader.setAttribute('aria-pressed', String(on));
			this.#terminal?.setScreenReaderMode(on);
		});
		this.#buttons.screenReader.setAttribute('aria-pressed', 'false');
		this.#buttons.save.disabled = true;
		this.#buttons.reset.disabled = true;

		const bar = h('div', { class: 'lab__bar' }, this.#buttons.start, this.#buttons.save, this.#buttons.reset, this.#buttons.screenReader);
		if (this.dataset.autostart !== undefined) {
			const box = h('input', { type: 'checkbox' });
			box.checked = autostartWanted();
			box.addEventListener('change', () => {
				try {
					localStorage.setItem(AUTOSTART_KEY, box.checked ? 'oui' : 'non');
				} catch {
					// storage disabled: the choice lasts for this page only
				}
			});
			bar.append(h('label', { class: 'lab__autostart' }, box, ui('boreale.lab.autostart')));
		}
		return h('div', { class: 'lab__head not-content' }, bar, this.#status, this.#progress);
	}

	/** The steps, taken over from `sheet`, with the step count above them. */
	#renderSteps(lab: ClientLab, sheet: HTMLOListElement): HTMLElement {
		this.#stepCount = h('p', { class: 'lab__step-count' });
		const items = [...sheet.children] as HTMLLIElement[];
		this.#steps = lab.steps.map((step, index) => {
			const view = adoptStep(items[index]!, step.hints.length > 0);
			view.checkButton.addEventListener('click', () => void this.verify(index));
			view.hintButton.addEventListener('click', () => this.#showHint(index, view));
			this.#updateHintButton(index, view);
			return view;
		});
		sheet.className = 'lab__step-list';
		return h('section', { class: 'lab__steps', 'aria-label': ui('boreale.lab.steps') }, this.#stepCount, sheet);
	}

	/** Commands marked `:cmd` in the steps are typed into the terminal, by click or keyboard. */
	#wireCommands(): void {
		this.addEventListener('click', (event) => {
			const code = (event.target as HTMLElement).closest<HTMLElement>('[data-cmd]');
			if (code && this.machine) this.#terminal?.type(code.dataset.cmd!);
		});
		for (const code of this.querySelectorAll<HTMLElement>('.lab__steps code[data-cmd]')) {
			code.setAttribute('role', 'button');
			code.setAttribute('tabindex', '0');
			code.setAttribute('title', ui('boreale.lab.sendCmd', { cmd: code.dataset.cmd! }));
			code.addEventListener('keydown', (event) => {
				if ((event.key === 'Enter' || event.key === ' ') && this.machine) {
					event.preventDefault();
					this.#terminal?.type(code.dataset.cmd!);
				}
			});
		}
	}

	#buildResetDialog(): HTMLDialogElement {
		const confirm = h('button', { type: 'button', class: 'lab__button lab__button--danger', text: ui('boreale.lab.resetConfirm') });
		const cancel = h('button', { type: 'button', class: 'lab__button', text: ui('boreale.lab.cancel') });
		const dialog = h(
			'dialog',
			{ class: 'lab__dialog', 'aria-labelledby': `${this.dataset.lab}-reset-title` },
			h('h2', { id: `${this.dataset.lab}-reset-title`, text: ui('boreale.lab.resetConfirmTitle') }),
			h('p', { text: ui('boreale.lab.resetConfirmText') }),
			h('div', { class: 'lab__dialog-actions' }, cancel, confirm),
		);
		cancel.addEventListener('click', () => dialog.close());
		confirm.addEventListener('click', () => {
			dialog.close();
			void this.reset();
		});
		return dialog;
	}

	#setStatus(message: string, kind: 'info' | 'error' | 'success' = 'info'): void {
		this.#status.textContent = message;
		this.#status.dataset.kind = kind;
	}

	#doneSteps(): number[] {
		return labStepsDone(readProgress(), this.lab!.id, this.lab!.steps.length);
	}

	#renderProgress(): void {
		const done = new Set(this.#doneSteps());
		this.#steps.forEach((view, index) => {
			view.item.dataset.done = String(done.has(index));
		});
		const firstOpen = this.#steps.findIndex((_, index) => !done.has(index));
		this.#steps.forEach((view, index) => view.item.toggleAttribute('data-current', index === firstOpen));
		this.#stepCount.textContent = ui('boreale.lab.stepCount', { done: done.size, total: this.#steps.length });
	}

	#showHint(index: number, view: StepView): void {
		const hints = this.lab!.steps[index].hints;
		if (view.shownHints >= hints.length) return;
		view.hints.append(h('div', { class: 'lab-step__hint', html: hints[view.shownHints] }));
		view.shownHints += 1;
		this.#updateHintButton(index, view);
	}

	#updateHintButton(index: number, view: StepView): void {
		const total = this.lab!.steps[index].hints.length;
		view.hintButton.textContent =
			view.shownHints >= total ? ui('boreale.lab.noMoreHints') : ui('boreale.lab.showHint', { shown: view.shownHints, total });
		view.hintButton.disabled = view.shownHints >= total;
	}

	/** Boots the machine: the saved one if it fits the image, else a fresh, prepared one. */
	async start(): Promise<void> {
		const lab = this.lab!;
		this.#buttons.start.disabled = true;
		this.dataset.state = 'loading';
		try {
			let notice = '';
			const [stored, hash, head] = await Promise.all([
				loadMachine(lab.id).catch((error: Error) => {
					notice = ui('boreale.lab.storageWarning', { reason: error.message });
					return undefined;
				}),
				this.runtime.imageHash(lab.image),
				loadJournalHead(lab.id).catch(() => undefined),
			]);
			let saved = stored;
			let kept = head;
			// Kept for another image: the learner is told, and it goes (nothing of it could resume).
			if (saved && saved.imageHash !== hash) {
				notice = ui('boreale.lab.imageChanged');
				saved = undefined;
				await deleteMachine(lab.id).catch(() => {});
			}
			if (kept && (kept.imageHash !== hash || (!saved && !kept.prepared))) {
				if (kept.imageHash !== hash) notice = ui('boreale.lab.imageChanged');
				kept = undefined; // another image, or a preparation cut short: start over from the image
				await deleteJournal(lab.id).catch(() => {});
			}
			// Files kept from a prepared lab resume it even without a whole machine saved (a reload within two minutes).
			const fromFiles = !saved && kept !== undefined;
			this.#setStatus(saved || fromFiles ? ui('boreale.lab.resuming') : ui('boreale.lab.loadingManifest'));
			this.machine = await this.runtime.start({
				image: lab.image,
				state: saved?.state,
				savedAt: saved?.savedAt,
				keepFiles: { labId: lab.id, since: saved?.capturedAt ?? 0 },
				onProgress: (p) => this.#onProgress(p.loaded, p.total, p.message),
			});
			this.#watchFiles(this.machine);
			performance.mark('labo:machine-demarree');
			this.#terminal!.attach(this.machine);
			if (!saved && !fromFiles) {
				this.#setStatus(ui('boreale.lab.preparing'));
				await prepareLab(this.machine, lab);
				await this.machine.files?.markPrepared();
			}
			this.#redrawPrompt(this.machine);
			this.#progress.hidden = true;
			performance.mark('labo:pret');
			this.dataset.state = 'ready';
			this.#buttons.save.disabled = false;
			this.#buttons.reset.disabled = false;
			const resumed = saved
				? ui('boreale.lab.resumed', { date: new Date(saved.savedAt).toLocaleString('fr-CA') })
				: fromFiles
					? ui('boreale.lab.resumedFiles', { date: new Date(kept!.changedAt).toLocaleString('fr-CA') })
					: ui('boreale.lab.ready');
			this.#setStatus(notice || resumed, notice ? 'error' : 'success');
			this.#autosave = setInterval(() => {
				if (this.#dirtySince && Date.now() - this.#dirtySince > AUTOSAVE_MS / 2) void this.save();
			}, AUTOSAVE_MS);
			this.dispatchEvent(new CustomEvent('lab-ready', { bubbles: true }));
		} catch (error) {
			this.dataset.state = 'error';
			this.#progress.hidden = true;
			const reason = (error as Error).message;
			this.#setStatus(/HTTP|fetch|télécharg|NetworkError/i.test(reason) ? ui('boreale.lab.fetchFailed', { reason }) : ui('boreale.lab.failed', { reason }), 'error');
			this.#buttons.start.textContent = ui('boreale.lab.retry');
			this.#buttons.start.disabled = false;
		}
	}

	/** Follows the machine's file journal: the warning before leaving, and a storage refusal said at once. */
	#watchFiles(machine: LabMachine): void {
		this.#filesPending = false;
		machine.files?.onPending((pending) => {
			if (this.machine === machine) this.#filesPending = pending;
		});
		machine.files?.onError((reason) => {
			if (this.machine === machine) this.#setStatus(ui('boreale.lab.storageWarning', { reason }), 'error');
		});
	}

	/**
	 * Ctrl-L makes bash redraw its prompt in the new terminal. Right after a
	 * restore the guest may not read its serial line yet (seen with a page
	 * served by the service worker, and when resuming a saved machine): ask
	 * again, soon, until something is drawn.
	 */
	#redrawPrompt(machine: LabMachine, attempts = 16): void {
		let drawn = false;
		const stop = machine.onOutput(() => {
			drawn = true;
			stop();
		});
		const ask = (left: number) => {
			if (drawn || left === 0 || this.machine !== machine) return stop();
			machine.write('\x0c');
			setTimeout(() => ask(left - 1), 250);
		};
		ask(attempts);
	}

	#onProgress(loaded: number, total: number, message: string): void {
		if (loaded > 0) {
			this.#progress.hidden = false;
			this.#progress.max = total || loaded;
			this.#progress.value = loaded;
			this.#setStatus(
				total
					? ui('boreale.lab.downloading', { loaded: formatBytes(loaded), total: formatBytes(total) })
					: ui('boreale.lab.downloadingUnknown', { loaded: formatBytes(loaded) }),
			);
		} else {
			this.#setStatus(message);
		}
	}

	/** Runs the step's checks in order; the first failure shows its hint. */
	async verify(index: number): Promise<boolean> {
		const view = this.#steps[index];
		const step = this.lab!.steps[index];
		if (!this.machine) {
			view.result.textContent = ui('boreale.lab.notStarted');
			return false;
		}
		view.checkButton.disabled = true;
		view.checkButton.textContent = ui('boreale.lab.checking');
		view.result.replaceChildren();
		await this.#saving; // a snapshot in progress pauses the machine: check after it
		try {
			for (const check of step.checks) {
				const result = await this.machine.run(check.run, check.timeout);
				if (!result.ok) {
					view.item.dataset.result = 'failed';
					view.result.append(
						h('strong', { text: result.timedOut ? ui('boreale.lab.checkTimeout') : ui('boreale.lab.stepFailed') }),
						h('div', { class: 'lab-step__failed-hint', html: result.timedOut ? '' : check.hint }),
					);
					return false;
				}
			}
			view.item.dataset.result = 'passed';
			try {
				setStepDone(this.lab!.id, index);
			} catch (error) {
				view.result.append(h('p', { text: (error as Error).message }));
			}
			this.#renderProgress();
			const allDone = this.#doneSteps().length === this.#steps.length;
			view.result.append(h('strong', { text: allDone ? ui('boreale.lab.allDone') : ui('boreale.lab.stepDone') }));
			void this.save();
			return true;
		} finally {
			view.checkButton.disabled = false;
			view.checkButton.textContent = ui('boreale.lab.check');
		}
	}

	/** Keeps the whole machine in this browser. Concurrent calls share one save. */
	save(): Promise<void> {
		if (!this.machine) return Promise.resolve();
		this.#saving ??= (async () => {
			const machine = this.machine!;
			this.#setStatus(ui('boreale.lab.saving'));
			const startedDirty = this.#dirtySince;
			// File changes recorded before this instant are in the state: a resume does not put them back again.
			const capturedAt = Date.now();
			try {
				await saveMachine(this.lab!.id, machine.imageHash, await machine.save(), this.#doneSteps(), capturedAt);
				if (this.#dirtySince === startedDirty) this.#dirtySince = 0;
				this.#setStatus(ui('boreale.lab.saved', { time: new Date().toLocaleTimeString('fr-CA') }), 'success');
			} catch (error) {
				const reason = error instanceof MachineStorageError ? error.message : String(error);
				this.#setStatus(ui('boreale.lab.storageWarning', { reason }), 'error');
			} finally {
				this.#saving = undefined;
			}
		})();
		return this.#saving;
	}

	/** Back to the clean image: saved machine, kept files and this lab's steps are erased. */
	async reset(): Promise<void> {
		await this.#saving;
		clearInterval(this.#autosave);
		this.#terminal?.detach();
		await this.machine?.dispose().catch(() => {});
		this.machine = undefined;
		this.#filesPending = false;
		await deleteMachine(this.lab!.id).catch(() => {});
		await deleteJournal(this.lab!.id).catch(() => {});
		try {
			resetLabProgress(this.lab!.id);
		} catch {
			// storage disabled: nothing was kept anyway
		}
		this.#steps.forEach((view) => {
			view.result.replaceChildren();
			delete view.item.dataset.result;
		});
		this.#renderProgress();
		this.#terminal?.term.reset();
		await this.start();
		if (this.dataset.state === 'ready') this.#setStatus(ui('boreale.lab.resetDone'), 'success');
	}
}

customElements.define('boreale-lab', LabElement);
