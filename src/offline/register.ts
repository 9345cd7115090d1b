/**
 * Registers the service worker (built by src/integrations/offline.ts) and
 * handles updates without breaking a lab in progress: a new version waits
 * until the learner accepts it; then running labs are saved (the lab
 * element's own `save()`, which keeps the machine in IndexedDB) before the
 * page reloads on the new version. Closing every tab also updates, as usual.
 */
import { ui } from '../i18n/ui.ts';

interface SavableLab extends HTMLElement {
	machine?: unknown;
	save?: () => Promise<void>;
}

/** Saves every running lab of this page; a failed save must not block the update. */
export async function saveRunningLabs(): Promise<void> {
	const labs = [...document.querySelectorAll<SavableLab>('boreale-lab')].filter((lab) => lab.machine && typeof lab.save === 'function');
	await Promise.allSettled(labs.map((lab) => lab.save!()));
}

function showUpdate(worker: ServiceWorker): void {
	if (document.querySelector('.boreale-update')) return;
	const box = document.createElement('div');
	box.className = 'boreale-update';
	box.setAttribute('role', 'region');
	box.setAttribute('aria-label', ui('boreale.offline.updateLabel'));
	const text = Object.assign(document.createElement('p'), { textContent: ui('boreale.offline.updateReady') });
	text.setAttribute('role', 'status');
	const now = Object.assign(document.createElement('button'), { type: 'button', textContent: ui('boreale.offline.updateNow') });
	const later = Object.assign(document.createElement('button'), { type: 'button', textContent: ui('boreale.offline.updateLater') });
	now.addEventListener('click', async () => {
		now.disabled = true;
		text.textContent = ui('boreale.offline.updating');
		await saveRunningLabs();
		navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
		worker.postMessage({ type: 'SKIP_WAITING' });
	});
	later.addEventListener('click', () => box.remove());
	box.append(text, now, later);
	document.body.append(box);
}

async function register(): Promise<void> {
	const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
	// An update already waiting (found on an earlier visit).
	if (registration.waiting && navigator.serviceWorker.controller) showUpdate(registration.waiting);
	registration.addEventListener('updatefound', () => {
		const worker = registration.installing;
		worker?.addEventListener('statechange', () => {
			// First install has no controller: nothing to update, the site is simply ready offline.
			if (worker.state === 'installed' && navigator.serviceWorker.controller) showUpdate(worker);
		});
	});
}

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
	// After load: the worker's precache must not compete with the page's own requests.
	if (document.readyState === 'complete') void register().catch(() => {});
	else addEventListener('load', () => void register().catch(() => {}), { once: true });
}
