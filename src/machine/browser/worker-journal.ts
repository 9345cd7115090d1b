/**
 * The machine's worker side of the file journal: puts the learner's kept
 * files back into a machine that just booted, then records what the guest
 * changes into IndexedDB as it happens (src/machine/journal/).
 */
import type { LabVm } from '../v86/lab-vm.ts';
import type { V86With9p } from '../v86/nine-p-fids.ts';
import { FileRecorder } from '../journal/recorder.ts';
import { GUEST_DROP_CACHES, replayJournal } from '../journal/replay.ts';
import type { JournalEntry } from '../journal/entries.ts';
import { inodesHeldByGuest, type V86Fs, type V86NinePDevice } from '../journal/v86-fs.ts';
import { loadJournal, writeJournal } from './journal-store.ts';

export interface JournalTarget {
	labId: string;
	/** Entries recorded up to then are already in the state booted (`SavedMachine.capturedAt`); 0: replay them all. */
	since: number;
}

/** Read as soon as the boot is asked for, while the state is read and unpacked. */
export function readJournal(target: JournalTarget): Promise<JournalEntry[]> {
	return loadJournal(target.labId, target.since);
}

export interface KeptFiles {
	recorder: FileRecorder;
	/** Entries put back at boot. */
	replayed: number;
	/**
	 * Settles once the guest no longer holds a stale copy of a file put back
	 * (at once when it held none); rejects, in French, if the guest could not
	 * drop its caches.
	 */
	fresh: Promise<void>;
}

export async function keepFiles(
	vm: LabVm,
	target: JournalTarget,
	entries: JournalEntry[],
	notify: { pending: (pending: boolean) => void; error: (message: string) => void },
): Promise<KeptFiles> {
	const emulator = vm.emulator as unknown as V86With9p & { fs9p: V86Fs };
	const device = emulator.v86?.cpu?.devices?.virtio_9p as unknown as V86NinePDevice | undefined;
	if (!emulator.fs9p || !device) throw new Error('le serveur de fichiers 9p de v86 est introuvable : le travail ne serait pas gardé');
	const held = inodesHeldByGuest(emulator.v86?.cpu?.devices?.virtio_9p?.fids ?? []);
	const { applied, replacedCached } = await replayJournal(emulator.fs9p, entries, held);
	const recorder = new FileRecorder(emulator.fs9p, device, {
		write: (batch) => writeJournal(target.labId, vm.manifest.inputsHash, batch),
		onPending: notify.pending,
		onError: (error) => notify.error((error as Error).message ?? String(error)),
	});
	// Files replaced under the guest's feet while it holds them: its caches of the old ones go, before the
	// learner reads them. Only then: it costs a command in the guest (~0.7 s), and the guest reads again what
	// it dropped, from the network unless the lab is kept offline. Not awaited here: the caller shows the
	// prompt at once and holds the learner's first command until `fresh` settles (InputGate).
	const fresh = replacedCached ? dropCaches(vm) : Promise.resolve();
	return { recorder, replayed: applied, fresh };
}

async function dropCaches(vm: LabVm): Promise<void> {
	const dropped = await vm.check(GUEST_DROP_CACHES, 30);
	if (!dropped.ok) {
		const why = dropped.output.trim() || `code ${dropped.status}`;
		throw new Error(`la machine n’a pas relu les fichiers remis (${why}) ; une commande peut montrer l’ancienne version d’un fichier : recharge la page pour réessayer.`);
	}
}

/** The lab's preparation is done and recorded: a machine resumed from these files needs none. */
export async function markPrepared(recorder: FileRecorder, target: JournalTarget, imageHash: string): Promise<void> {
	await recorder.flush();
	await writeJournal(target.labId, imageHash, { at: Date.now(), clearUnder: [], entries: [] }, true);
}
