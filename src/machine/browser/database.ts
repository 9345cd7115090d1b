/**
 * The IndexedDB database of the learners' machines, opened once per
 * thread (the page and the machine's worker each open it). Version 2 adds
 * the file journals next to the whole machines.
 */
import { MACHINES_DATABASE } from '../../site-paths.ts';

/** IndexedDB refused (private mode, quota, disabled): the message says what it means for the learner. */
export class MachineStorageError extends Error {
	constructor(message: string, cause?: unknown) {
		super(message, { cause });
		this.name = 'MachineStorageError';
	}
}

/** A write refused: full storage says what the learner can do about it. */
export function storageFailure(error: unknown): MachineStorageError {
	const quota = (error as DOMException)?.name === 'QuotaExceededError';
	return new MachineStorageError(
		quota
			? 'Plus de place pour enregistrer ta machine : libère de l’espace (réinitialise un ancien laboratoire) puis réessaie.'
			: 'L’enregistrement de ta machine a échoué.',
		error,
	);
}

export function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

export function committed(tx: IDBTransaction): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error);
	});
}

let opening: Promise<IDBDatabase> | undefined;

export function openMachines(): Promise<IDBDatabase> {
	if (typeof indexedDB === 'undefined') {
		return Promise.reject(new MachineStorageError('Ton navigateur n’offre pas IndexedDB : ton travail ne pourra pas être gardé après la fermeture de la page.'));
	}
	opening ??= new Promise<IDBDatabase>((resolve, reject) => {
		const req = indexedDB.open(MACHINES_DATABASE.name, MACHINES_DATABASE.version);
		req.onupgradeneeded = () => {
			const db = req.result;
			if (!db.objectStoreNames.contains(MACHINES_DATABASE.store)) db.createObjectStore(MACHINES_DATABASE.store);
			if (!db.objectStoreNames.contains(MACHINES_DATABASE.files)) db.createObjectStore(MACHINES_DATABASE.files);
		};
		req.onsuccess = () => {
			const db = req.result;
			// Another tab opens a newer version: let it, and open again next time.
			db.onversionchange = () => {
				db.close();
				opening = undefined;
			};
			resolve(db);
		};
		req.onerror = () => {
			opening = undefined;
			reject(new MachineStorageError('Ton navigateur refuse le stockage (navigation privée ou réglages) : ton travail ne sera pas gardé.', req.error));
		};
	});
	return opening;
}
