/**
 * The learners' file journals (src/machine/journal/), kept in IndexedDB
 * next to their machines: one record per lab and path, written by the
 * machine's worker as the guest changes files, read back when the lab
 * starts again. A head record (path '') says which image the journal
 * applies to and whether the lab's preparation is in it.
 */
import { MACHINES_DATABASE } from '../../site-paths.ts';
import type { JournalBatch, JournalEntry } from '../journal/entries.ts';
import { committed, openMachines, request, storageFailure } from './database.ts';

const STORE = MACHINES_DATABASE.files;

export interface JournalHead {
	/** Image whose snapshot the journal applies to. */
	imageHash: string;
	/** The lab's preparation (assets, setup) is recorded in it: a machine resumed from it needs none. */
	prepared: boolean;
	/** Last change recorded (ms since the epoch). */
	changedAt: number;
}

type Stored = JournalEntry | (JournalHead & { kind: 'head' });

const headKey = (labId: string) => [labId, ''];
const pathsOf = (labId: string) => IDBKeyRange.bound([labId, '/'], [labId, '/\uffff']);
const under = (labId: string, dir: string) => IDBKeyRange.bound([labId, `${dir}/`], [labId, `${dir}/\uffff`]);

export async function loadJournalHead(labId: string): Promise<JournalHead | undefined> {
	const db = await openMachines();
	const head = await request<Stored | undefined>(db.transaction(STORE).objectStore(STORE).get(headKey(labId)));
	return head?.kind === 'head' ? { imageHash: head.imageHash, prepared: head.prepared, changedAt: head.changedAt } : undefined;
}

/** The entries recorded after `since` (all of them without it). */
export async function loadJournal(labId: string, since = 0): Promise<JournalEntry[]> {
	const db = await openMachines();
	const all = await request<JournalEntry[]>(db.transaction(STORE).objectStore(STORE).getAll(pathsOf(labId)));
	return since ? all.filter((entry) => entry.at > since) : all;
}

/** Stores a batch of the recorder, and the head, in one transaction. */
export async function writeJournal(labId: string, imageHash: string, batch: JournalBatch, prepared?: boolean): Promise<void> {
	const db = await openMachines();
	try {
		const tx = db.transaction(STORE, 'readwrite');
		const store = tx.objectStore(STORE);
		const head = await request<Stored | undefined>(store.get(headKey(labId)));
		const wasPrepared = head?.kind === 'head' && head.imageHash === imageHash && head.prepared;
		const newHead: Stored = { kind: 'head', imageHash, prepared: prepared ?? wasPrepared, changedAt: batch.at };
		store.put(newHead, headKey(labId));
		for (const dir of batch.clearUnder) store.delete(under(labId, dir));
		for (const entry of batch.entries) store.put(entry, [labId, entry.path]);
		await committed(tx);
	} catch (error) {
		throw storageFailure(error);
	}
}

/** Forgets the lab's journal (reset, or a journal from another image). */
export async function deleteJournal(labId: string): Promise<void> {
	const db = await openMachines();
	const tx = db.transaction(STORE, 'readwrite');
	tx.objectStore(STORE).delete(IDBKeyRange.bound([labId, ''], [labId, '\uffff']));
	await committed(tx);
}
