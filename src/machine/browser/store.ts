/**
 * The learner's machines, kept in this browser's IndexedDB so that a reload,
 * or tomorrow, continues where they were. A state is ~30–90 MB raw; the
 * runtime hands it over gzip-compressed (state-codec.ts, in the machine's
 * worker), and it is stored as that Blob.
 */

import { MACHINES_DATABASE } from '../../site-paths.ts';
import { committed, openMachines, request, storageFailure } from './database.ts';

export { MachineStorageError } from './database.ts';
const STORE = MACHINES_DATABASE.store;

export interface SavedMachine {
	/** Hash of the image the state came from: another image cannot resume it. */
	imageHash: string;
	savedAt: string;
	/**
	 * When the page asked for the state (ms since the epoch): file journal
	 * entries recorded before it are already in the state. Absent from
	 * machines saved before the journal existed.
	 */
	capturedAt?: number;
	/** Steps done when the state was saved. */
	steps: number[];
	/** gzip-compressed v86 state. */
	state: Blob;
}

/** @param state from `LabMachine.save()`: already compressed. */
export async function saveMachine(labId: string, imageHash: string, state: Blob, steps: number[], capturedAt?: number): Promise<SavedMachine> {
	const record: SavedMachine = { imageHash, savedAt: new Date().toISOString(), capturedAt, steps, state };
	const db = await openMachines();
	try {
		const tx = db.transaction(STORE, 'readwrite');
		tx.objectStore(STORE).put(record, labId);
		await committed(tx);
	} catch (error) {
		throw storageFailure(error);
	}
	return record;
}

/** The saved machine; its `state` goes as it is to `LabRuntime.start()`. */
export async function loadMachine(labId: string): Promise<SavedMachine | undefined> {
	const db = await openMachines();
	return request<SavedMachine | undefined>(db.transaction(STORE).objectStore(STORE).get(labId));
}

export async function deleteMachine(labId: string): Promise<void> {
	const db = await openMachines();
	await request(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(labId));
}
