import { STORAGE_KEYS } from '../../site-paths.ts';

/** Learner preference (sobriety on slow links): `non` = wait for the start button. */
export const AUTOSTART_KEY = STORAGE_KEYS.labAutostart;

export function autostartWanted(): boolean {
	try {
		return localStorage.getItem(AUTOSTART_KEY) !== 'non';
	} catch {
		return true;
	}
}

/** A lab page starts its machine by itself: asked by the page, wanted by the learner, possible in this browser. */
export function startsByItself(lab: HTMLElement): boolean {
	return lab.dataset.autostart !== undefined && autostartWanted() && typeof WebAssembly === 'object';
}
