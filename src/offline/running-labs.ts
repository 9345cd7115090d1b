/**
 * Which tabs run a lab machine, so that a new version of the site never
 * takes over under one (src/offline/register.ts).
 *
 * A page whose `<boreale-lab>` is booting or running holds the Web Lock
 * `LAB_LOCK` in shared mode; any tab of the site can then tell whether a lab
 * runs anywhere by asking for the same lock in exclusive mode. The browser
 * releases a page's lock when the page goes away, even if it crashes.
 */

/** Name of the lock; a tab holds it (shared) while one of its labs boots or runs. */
export const LAB_LOCK = 'boreale-labo-en-cours';

const RUNNING = 'boreale-lab[data-state="loading"], boreale-lab[data-state="ready"]';

/** Resolves, once the lock is granted, to the function that releases it. */
let held: Promise<() => void> | undefined;
/** Labs saved before an update: the lock stays released until the page reloads. */
let releasedForUpdate = false;

function locks(): LockManager | undefined {
	return 'locks' in navigator ? navigator.locks : undefined;
}

/** A lab of this page is booting or running. */
export function labRunsHere(): boolean {
	return document.querySelector(RUNNING) !== null;
}

function sync(): void {
	const manager = locks();
	if (!manager) return;
	if (labRunsHere() && !held && !releasedForUpdate) {
		held = new Promise((granted) => {
			// The callback's promise is the lock's lifetime: it ends when `granted`'s function is called.
			void manager.request(LAB_LOCK, { mode: 'shared' }, () => new Promise<void>((release) => granted(release)));
		});
	} else if ((!labRunsHere() || releasedForUpdate) && held) {
		const release = held;
		held = undefined;
		void release.then((fn) => fn());
	}
}

/** Keeps this page's share of the lock in step with its labs' `data-state`. */
export function watchRunningLabs(): void {
	sync();
	new MutationObserver(sync).observe(document.documentElement, { subtree: true, attributeFilter: ['data-state'] });
}

/** How long a page whose labs were saved for an update waits for it before holding the lock again. */
const UPDATE_GRACE_MS = 60_000;

/** This page's labs are saved for an update: other tabs may now go ahead. */
export function releaseForUpdate(): void {
	releasedForUpdate = true;
	sync();
	// No reload came (a newer version replaced that one, say): the labs still run.
	setTimeout(() => {
		releasedForUpdate = false;
		sync();
	}, UPDATE_GRACE_MS);
}

/**
 * Runs `action` only if no tab runs a lab, and keeps every lab from taking
 * the lock until it is done. Resolves to whether it ran. Without Web Locks
 * the other tabs cannot be seen: nothing runs.
 */
export async function ifNoLabRuns(action: () => Promise<void>): Promise<boolean> {
	const manager = locks();
	if (!manager || labRunsHere()) return false;
	return manager.request(LAB_LOCK, { mode: 'exclusive', ifAvailable: true }, async (lock) => {
		if (!lock) return false;
		await action();
		return true;
	});
}

/**
 * Runs `action` once every tab released its share (their labs are saved), or
 * after `timeoutMs` anyway: the learner asked for the update.
 */
export async function onceLabsReleased(action: () => Promise<void>, timeoutMs: number): Promise<void> {
	const manager = locks();
	if (!manager) return action();
	try {
		await manager.request(LAB_LOCK, { mode: 'exclusive', signal: AbortSignal.timeout(timeoutMs) }, action);
	} catch (error) {
		if ((error as DOMException).name !== 'TimeoutError' && (error as DOMException).name !== 'AbortError') throw error;
		await action();
	}
}
