/**
 * Learner progress, kept in this browser only (localStorage): no account,
 * nothing sent anywhere. Modelled on the Astro docs' tutorial ProgressStore.
 *
 * Keys are stable ids (module = docs entry id such as
 * `parcours/premiers-pas/terminal`, lab = its folder name, step = its index).
 * When a lesson or a lab changes later, stale entries are simply ignored:
 * a path counts only the modules it has today, and a lab only the steps
 * whose index still exists. A renamed module starts again at zero.
 */

import { STORAGE_KEYS } from '../site-paths.ts';

/** localStorage key of the progress (src/site-paths.ts). */
export const STORAGE_KEY = STORAGE_KEYS.progress;

export interface Progress {
	version: 1;
	/** Module id → ISO date when it was marked done by hand. */
	modules: Record<string, string>;
	/** Lab id → step index → ISO date when its checks passed. */
	labs: Record<string, Record<string, string>>;
}

type Listener = (progress: Progress) => void;
const listeners = new Set<Listener>();

function empty(): Progress {
	return { version: 1, modules: {}, labs: {} };
}

/** Parses stored progress; anything unreadable counts as no progress. */
export function parseProgress(raw: string | null): Progress {
	if (!raw) return empty();
	try {
		const data = JSON.parse(raw);
		if (data?.version !== 1 || typeof data.modules !== 'object' || typeof data.labs !== 'object') return empty();
		return { version: 1, modules: { ...data.modules }, labs: { ...data.labs } };
	} catch {
		return empty();
	}
}

export function readProgress(storage: Storage = localStorage): Progress {
	try {
		return parseProgress(storage.getItem(STORAGE_KEY));
	} catch {
		return empty(); // storage disabled (private mode, strict settings)
	}
}

/** Raised when the browser refuses to store progress (quota, private mode). */
export class ProgressStorageError extends Error {
	constructor(cause: unknown) {
		super('Ton navigateur refuse d’enregistrer ta progression (stockage plein ou désactivé). Elle sera perdue en fermant la page.', { cause });
		this.name = 'ProgressStorageError';
	}
}

function write(update: (progress: Progress) => void, storage: Storage = localStorage): Progress {
	const progress = readProgress(storage);
	update(progress);
	try {
		storage.setItem(STORAGE_KEY, JSON.stringify(progress));
	} catch (error) {
		throw new ProgressStorageError(error);
	}
	for (const listener of listeners) listener(progress);
	return progress;
}

export function setModuleDone(moduleId: string, done: boolean): Progress {
	return write((p) => {
		if (done) p.modules[moduleId] = new Date().toISOString();
		else delete p.modules[moduleId];
	});
}

export function setStepDone(labId: string, step: number): Progress {
	return write((p) => {
		p.labs[labId] = { ...p.labs[labId], [String(step)]: p.labs[labId]?.[String(step)] ?? new Date().toISOString() };
	});
}

export function resetLabProgress(labId: string): Progress {
	return write((p) => {
		delete p.labs[labId];
	});
}

/** Steps of a lab that are done, among the `stepCount` it has today. */
export function labStepsDone(progress: Progress, labId: string, stepCount: number): number[] {
	const steps = progress.labs[labId] ?? {};
	return Object.keys(steps)
		.map(Number)
		.filter((index) => Number.isInteger(index) && index >= 0 && index < stepCount)
		.sort((a, b) => a - b);
}

/** What a path page needs to know about one of its modules. */
export interface ModuleRef {
	id: string;
	lab?: { id: string; steps: number };
}

/** A module is done when marked so, or when every step of its lab passed. */
export function isModuleDone(progress: Progress, module: ModuleRef): boolean {
	if (progress.modules[module.id]) return true;
	return module.lab !== undefined && labStepsDone(progress, module.lab.id, module.lab.steps).length === module.lab.steps;
}

/** Calls `listener` on every change, from this tab or another one. */
export function subscribe(listener: Listener): () => void {
	listeners.add(listener);
	const onStorage = (event: StorageEvent) => {
		if (event.key === STORAGE_KEY) listener(parseProgress(event.newValue));
	};
	window.addEventListener('storage', onStorage);
	return () => {
		listeners.delete(listener);
		window.removeEventListener('storage', onStorage);
	};
}
