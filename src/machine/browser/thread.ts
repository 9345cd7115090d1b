import { STORAGE_KEYS } from '../../site-paths.ts';

/**
 * Where a lab's v86 runs. `worker` (default): its own thread, so the page
 * stays fluid while the guest computes, restores or saves. `page`: the
 * page's main thread, as before; kept for browsers that cannot start the
 * worker and as the bench's reference (bench/lab-browser.ts).
 */
export type MachineThread = 'worker' | 'page';

/** localStorage key; the value `page` makes v86 run in the page (bench, diagnosis). */
export const THREAD_KEY = STORAGE_KEYS.machineThread;

export function preferredThread(): MachineThread {
	try {
		return localStorage.getItem(THREAD_KEY) === 'page' ? 'page' : 'worker';
	} catch {
		return 'worker';
	}
}
