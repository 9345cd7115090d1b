import { ui } from '../../i18n/ui.ts';
import { exportFileName, parseExport, planMerge, saveMergedProgress, toExportCode, toExportFile, type MergePlan } from '../../progress/export.ts';
import { readProgress } from '../../progress/store.ts';

/** Export this browser's progress (file or code) and take one back after a confirmation. */
const dateFormat = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long' });

class ProgressExport extends HTMLElement {
	#plan?: MergePlan;

	connectedCallback() {
		const $ = <T extends Element>(selector: string) => this.querySelector<T>(selector)!;
		const name = $<HTMLInputElement>('input[name="name"]');
		const status = $<HTMLElement>('[data-status]');
		const error = $<HTMLElement>('[data-error]');
		const codeBox = $<HTMLElement>('.progress-export__code');
		const code = $<HTMLTextAreaElement>('[data-code]');
		const codeButton = $<HTMLButtonElement>('[data-action="code"]');
		const dialog = $<HTMLDialogElement>('dialog');
		const say = (message: string, isError = false) => {
			status.textContent = isError ? '' : message;
			error.textContent = isError ? message : '';
		};

		$('[data-action="download"]').addEventListener('click', () => {
			const file = exportFileName(name.value);
			const blob = new Blob([toExportFile(readProgress(), name.value)], { type: 'application/json' });
			const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: file });
			link.click();
			setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
			say(ui('boreale.export.downloaded', { file }));
		});
		const refreshCode = () => {
			code.value = toExportCode(readProgress(), name.value);
		};
		codeButton.addEventListener('click', () => {
			refreshCode();
			codeBox.hidden = false;
			codeButton.setAttribute('aria-expanded', 'true');
			code.focus();
			code.select();
		});
		name.addEventListener('input', () => {
			if (!codeBox.hidden) refreshCode();
		});
		$('[data-action="copy"]').addEventListener('click', async () => {
			try {
				await navigator.clipboard.writeText(code.value);
				say(ui('boreale.export.copied'));
			} catch {
				code.select();
				say(ui('boreale.export.copyFailed'), true);
			}
		});

		$('[data-action="import"]').addEventListener('click', async () => {
			const file = $<HTMLInputElement>('[data-import-file]').files?.[0];
			const text = file ? await file.text() : $<HTMLTextAreaElement>('[data-import-code]').value;
			try {
				const incoming = parseExport(text);
				this.#plan = planMerge(readProgress(), incoming.progress);
				const vars = {
					who: incoming.name || ui('boreale.export.anonymous'),
					date: dateFormat.format(new Date(incoming.exportedAt)),
					modules: this.#plan.addedModules.length,
					steps: this.#plan.addedSteps.length,
				};
				const nothing = vars.modules === 0 && vars.steps === 0;
				$('[data-summary]').textContent = ui(nothing ? 'boreale.export.confirmNothing' : 'boreale.export.confirmText', vars);
				$<HTMLButtonElement>('[data-action="confirm"]').hidden = nothing;
				say('');
				dialog.showModal();
			} catch (e) {
				say((e as Error).message, true);
			}
		});
		$('[data-action="confirm"]').addEventListener('click', () => {
			const plan = this.#plan!;
			try {
				saveMergedProgress(plan.merged);
				say(ui('boreale.export.imported', { modules: plan.addedModules.length, steps: plan.addedSteps.length }));
			} catch (e) {
				say((e as Error).message, true);
			}
			dialog.close();
		});
		$('[data-action="cancel"]').addEventListener('click', () => dialog.close('cancel'));
		dialog.addEventListener('close', () => {
			if (dialog.returnValue === 'cancel') say(ui('boreale.export.importCancelled'));
			dialog.returnValue = '';
		});
	}
}
customElements.define('boreale-progress-export', ProgressExport);
