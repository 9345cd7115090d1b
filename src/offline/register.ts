/**
 * Registers the service worker (built by src/integrations/offline.ts) and
 * handles updates without breaking a lab in progress:
 *
 * - no lab boots or runs in any tab of the site (src/offline/running-labs.ts):
 *   the new version takes over at once; open pages stay as they are and the
 *   next page opened is the new one;
 * - a lab runs: nothing changes under it (same worker, same files, no
 *   reload); the page offers the update. When the learner accepts, every tab
 *   saves its running labs (the lab element's own `save()`, which keeps the
 *   machine in IndexedDB), then the new version takes over and those tabs
 *   reload, their labs resuming where they were. Closing every tab also
 *   updates, as usual.
 */
import { ui } from '../i18n/ui.ts';
import { ifNoLabRuns, labRunsHere, onceLabsReleased, releaseForUpdate, watchRunningLabs } from './running-labs.ts';

interface SavableLab extends HTMLElement {
	machine?: unknown;
	save?: () => Promise<void>;
}

/** Tabs tell each other that the learner accepted the update. */
const CHANNEL = 'boreale-mise-a-jour';
/** How long the tab that updates waits for the others to save their labs. */
const SAVE_TIMEOUT_MS = 30_000;
const channel = 'BroadcastChannel' in window ? new BroadcastChannel(CHANNEL) : undefined;

/** Saves every running lab of this page; a failed save must not block the update. */
export async function saveRunningLabs(): Promise<void> {
	const labs = [...document.querySelectorAll<SavableLab>('boreale-lab')].filter((lab) => lab.machine && typeof lab.save === 'function');
	await Promise.allSettled(labs.map((lab) => lab.save!()));
}

/** Asks the waiting worker to take over; resolves once it is active (or after 10 s). */
function activate(worker: ServiceWorker): Promise<void> {
	return new Promise((resolve) => {
		if (worker.state === 'activated' || worker.state === 'redundant') return resolve();
		const timer = setTimeout(resolve, 10_000);
		worker.addEventListener('statechange', () => {
			if (worker.state === 'activated' || worker.state === 'redundant') {
				clearTimeout(timer);
				resolve();
			}
		});
		worker.postMessage({ type: 'SKIP_WAITING' });
	});
}

/** This page's labs are saved and the page reloads as soon as the new version controls it. */
async function saveForUpdate(): Promise<void> {
	const box = document.querySelector('.boreale-update');
	if (box) box.querySelector('[role="status"]')!.textContent = ui('boreale.offline.updating');
	for (const button of box?.querySelectorAll('button') ?? []) button.disabled = true;
	await saveRunningLabs();
	navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
	releaseForUpdate();
}

function showUpdate(worker: ServiceWorker): void {
	if (document.querySelector('.boreale-update')) return;
	const box = document.createElement('div');
	box.className = 'boreale-update';
	box.setAttribute('role', 'region');
	box.setAttribute('aria-label', ui('boreale.offline.updateLabel'));
	// Without Web Locks, whether another tab runs a lab is unknown.
	const elsewhere = 'locks' in navigator ? 'boreale.offline.updateReadyElsewhere' : 'boreale.offline.updateReadyMaybe';
	const text = Object.assign(document.createElement('p'), { textContent: ui(labRunsHere() ? 'boreale.offline.updateReady' : elsewhere) });
	text.setAttribute('role', 'status');
	const now = Object.assign(document.createElement('button'), { type: 'button', className: 'boreale-pill', textContent: ui('boreale.offline.updateNow') });
	const later = Object.assign(document.createElement('button'), { type: 'button', className: 'boreale-pill', textContent: ui('boreale.offline.updateLater') });
	now.addEventListener('click', async () => {
		channel?.postMessage('enregistrer');
		await saveForUpdate();
		await onceLabsReleased(() => activate(worker), SAVE_TIMEOUT_MS);
	});
	later.addEventListener('click', () => box.remove());
	box.append(text, now, later);
	document.body.append(box);
}

/** A new version is installed: taken at once if no lab runs anywhere, else offered. */
async function onWaiting(worker: ServiceWorker): Promise<void> {
	if (!(await ifNoLabRuns(() => activate(worker)))) showUpdate(worker);
}

async function register(): Promise<void> {
	const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
	// An update already waiting (found on an earlier visit).
	if (registration.waiting && navigator.serviceWorker.controller) await onWaiting(registration.waiting);
	registration.addEventListener('updatefound', () => {
		const worker = registration.installing;
		worker?.addEventListener('statechange', () => {
			// First install has no controller: nothing to update, the site is simply ready offline.
			if (worker.state === 'installed' && navigator.serviceWorker.controller) void onWaiting(worker);
		});
	});
	// The lab that held the update back may have closed in another tab meanwhile.
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible' && registration.waiting && navigator.serviceWorker.controller) {
			const waiting = registration.waiting;
			void ifNoLabRuns(() => activate(waiting));
		}
	});
}

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
	watchRunningLabs();
	// The learner accepted the update in another tab: save this one's labs first.
	channel?.addEventListener('message', (event) => {
		if (event.data === 'enregistrer' && labRunsHere()) void saveForUpdate();
	});
	// The notice is moot once the new version controls this page.
	navigator.serviceWorker.addEventListener('controllerchange', () => document.querySelector('.boreale-update')?.remove());
	// After load: the worker's precache must not compete with the page's own requests.
	if (document.readyState === 'complete') void register().catch(() => {});
	else addEventListener('load', () => void register().catch(() => {}), { once: true });
}
