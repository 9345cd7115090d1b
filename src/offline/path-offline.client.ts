import { ui } from '../i18n/ui.ts';
import type { OfflineBundle } from './caches.ts';
import { pathOfflineBundle } from '../site-paths.ts';
import { checkBundle, downloadFiles } from './download.ts';
import { formatBytes } from '../text/format-bytes.ts';

/** « Disponible hors ligne »: the size first, then the download with progress, cancellable. */
class PathOffline extends HTMLElement {
	#abort?: AbortController;

	async connectedCallback() {
		const size = this.querySelector<HTMLElement>('[data-size]')!;
		const status = this.querySelector<HTMLElement>('[data-status]')!;
		const download = this.querySelector<HTMLButtonElement>('[data-action="download"]')!;
		const cancel = this.querySelector<HTMLButtonElement>('[data-action="cancel"]')!;
		const bar = this.querySelector('progress')!;
		if (!('caches' in window) || !('serviceWorker' in navigator)) {
			size.textContent = ui('boreale.offline.unsupported');
			download.hidden = true;
			return;
		}
		let bundle: OfflineBundle;
		try {
			const response = await fetch(pathOfflineBundle(this.dataset.path!));
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			bundle = await response.json();
		} catch {
			size.textContent = navigator.onLine ? ui('boreale.offline.failed', { reason: 'liste introuvable' }) : ui('boreale.offline.offlineNow');
			return;
		}
		const refresh = async () => {
			const state = await checkBundle(bundle);
			const noImage = bundle.images.length > 0 && bundle.files.length === 0;
			size.textContent = noImage
				? ui('boreale.offline.noImage')
				: state.missing.length === 0
					? ui('boreale.offline.already')
					: ui(state.cachedBytes > 0 ? 'boreale.offline.size' : 'boreale.offline.sizeFresh', {
							size: formatBytes(state.missingBytes),
							count: state.missing.length,
							cached: formatBytes(state.cachedBytes),
						});
			download.disabled = state.missing.length === 0;
			download.hidden = state.missing.length === 0;
			return state;
		};
		await refresh();

		download.addEventListener('click', async () => {
			const state = await checkBundle(bundle);
			const estimate = await navigator.storage?.estimate?.();
			if (estimate?.quota !== undefined && estimate.usage !== undefined && estimate.quota - estimate.usage < state.missingBytes * 1.1) {
				status.textContent = ui('boreale.offline.quota', { free: formatBytes(estimate.quota - estimate.usage), size: formatBytes(state.missingBytes) });
				return;
			}
			// Ask the browser not to evict these files under storage pressure.
			void navigator.storage?.persist?.().catch(() => false);
			this.#abort = new AbortController();
			download.disabled = true;
			cancel.hidden = false;
			bar.hidden = false;
			bar.max = state.missingBytes || 1;
			bar.value = 0;
			let announced = -1;
			const total = formatBytes(state.missingBytes);
			try {
				await downloadFiles(
					state.missing,
					(bytes) => {
						bar.value = bytes;
						const percent = Math.floor((bytes / (state.missingBytes || 1)) * 100);
						// Every 10 %: a live region must not chatter for 8 000 files.
						if (Math.floor(percent / 10) !== announced) {
							announced = Math.floor(percent / 10);
							status.textContent = ui('boreale.offline.progress', { done: formatBytes(bytes), total, percent });
						}
					},
					this.#abort.signal,
				);
				status.textContent = ui('boreale.offline.done', { size: formatBytes(bundle.bytes) });
			} catch (error) {
				status.textContent = this.#abort.signal.aborted
					? ui('boreale.offline.cancelled')
					: ui('boreale.offline.failed', { reason: (error as Error).message });
			} finally {
				cancel.hidden = true;
				bar.hidden = true;
				download.disabled = false;
				await refresh();
			}
		});
		cancel.addEventListener('click', () => this.#abort?.abort());
	}
}
customElements.define('boreale-path-offline', PathOffline);
