/**
 * The learner's machines, kept in this browser's IndexedDB so that a reload,
 * or tomorrow, continues where they were. A state is ~30–90 MB raw; the
 * runtime hands it over gzip-compressed (state-codec.ts, in the machine's
 * worker), and it is stored as that Blob.
 */

import { MACHINES_DATABASE } from '../../site-paths.ts';

const DB_NAME = MACHINES_DATABASE.name;
const STORE = MACHINES_DATABASE.store;

export interface SavedMachine {
	/** Hash of the image the state came from: another image cannot resume it. */
	imageHash: string;
	savedAt: string;
	/** Steps done when the state was saved. */
	steps: number[];
	/** gzip-compressed v86 state. */
	state: Blob;
}

/** IndexedDB refused (private mode, quota, disabled): the message says what it means for the learner. */
export class MachineStorageError extends Error {
	constructor(message: string, cause?: unknown) {
		super(message, { cause });
		this.name = 'MachineStorageError';
	}
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

let opening: Promise<IDBDatabase> | undefined;
function open(): Promise<IDBDatabase> {
	if (typeof indexedDB === 'undefined') {
		return Promise.reject(new MachineStorageError('Ton navigateur n’offre pas IndexedDB : ton travail ne pourra pas être gardé après la fermeture de la page.'));
	}
	opening ??= new Promise<IDBDatabase>((resolve, reject) => {
		const req = indexedDB.open(DB_NAME, 1);
		req.onupgradeneeded = () => req.result.createObjectStore(STORE);
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => {
			opening = undefined;
			reject(new MachineStorageError('Ton navigateur refuse le stockage (navigation privée ou réglages) : ton travail ne sera pas gardé.', req.error));
		};
	});
	return opening;
}

/** @param state from `LabMachine.save()`: already compressed. */
export async function saveMachine(labId: string, imageHash: string, state: Blob, steps: number[]): Promise<SavedMachine> {
	const record: SavedMachine = { imageHash, savedAt: new Date().toISOString(), steps, state };
	const db = await open();
	try {
		const tx = db.transaction(STORE, 'readwrite');
		tx.objectStore(STORE).put(record, labId);
		await new Promise<void>((resolve, reject) => {
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
	} catch (error) {
		const quota = (error as DOMException)?.name === 'QuotaExceededError';
		throw new MachineStorageError(
			quota
				? 'Plus de place pour enregistrer ta machine : libère de l’espace (réinitialise un ancien laboratoire) puis réessaie.'
				: 'L’enregistrement de ta machine a échoué.',
			error,
		);
	}
	return record;
}

/** The saved machine; its `state` goes as it is to `LabRuntime.start()`. */
export async function loadMachine(labId: string): Promise<SavedMachine | undefined> {
	const db = await open();
	return request<SavedMachine | undefined>(db.transaction(STORE).objectStore(STORE).get(labId));
}

export async function deleteMachine(labId: string): Promise<void> {
	const db = await open();
	await request(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(labId));
}
