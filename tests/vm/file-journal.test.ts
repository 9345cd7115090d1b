/**
 * The file journal on the real thing: the published Debian image in v86
 * (real guest kernel, real 9p server, commands typed in the terminal as
 * the learner). Not real here: IndexedDB, replaced by a Map that applies
 * each batch as journal-store.ts does (tests/e2e/lab-files.test.ts covers
 * the browser's storage).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { byPath, type JournalBatch, type JournalEntry } from '../../src/machine/journal/entries.ts';
import { FileRecorder } from '../../src/machine/journal/recorder.ts';
import { GUEST_DROP_CACHES, replayJournal } from '../../src/machine/journal/replay.ts';
import { inodesHeldByGuest, type V86Fs, type V86NinePDevice } from '../../src/machine/journal/v86-fs.ts';
import type { V86With9p } from '../../src/machine/v86/nine-p-fids.ts';
import { bootGuest, type Guest } from './guest.ts';

let guest: Guest;
beforeAll(async () => {
	guest = await bootGuest('debian');
}, 180_000);
afterAll(async () => guest?.close());

/** IndexedDB's part, in memory: one entry per path, `clearUnder` dropping what lay under a replaced directory. */
class MemoryJournal {
	readonly entries = new Map<string, JournalEntry>();
	batches = 0;
	write = async (batch: JournalBatch) => {
		this.batches++;
		for (const dir of batch.clearUnder) for (const path of this.entries.keys()) if (path.startsWith(`${dir}/`)) this.entries.delete(path);
		for (const entry of batch.entries) this.entries.set(entry.path, entry);
	};
	get list(): JournalEntry[] {
		return [...this.entries.values()].sort(byPath);
	}
}

function parts(): { fs: V86Fs; device: V86NinePDevice; cached: Set<number> } {
	const emulator = guest.vm.emulator as unknown as V86With9p & { fs9p: V86Fs };
	const cached = inodesHeldByGuest(emulator.v86!.cpu!.devices!.virtio_9p!.fids!);
	return { fs: emulator.fs9p, device: emulator.v86!.cpu!.devices!.virtio_9p as unknown as V86NinePDevice, cached };
}

/** What the learner finds, asked as root through the agent. */
async function inGuest(command: string): Promise<string> {
	const result = await guest.vm.check(command, 30);
	expect(result.ok, `${command}\n${result.output}`).toBe(true);
	return result.output.trim();
}

const LEARNER_WORK = [
	'echo garde > ~/f.txt',
	'chmod 600 ~/f.txt',
	'mkdir -p ~/projet/src && printf "a\\nb\\n" > ~/projet/src/notes.txt',
	'ln -s projet/src/notes.txt ~/lien',
	'mv ~/projet ~/depot',
	'echo labo | sudo tee /etc/labo.conf > /dev/null',
	'sudo rm /etc/motd',
	'sudo sed -i "s/^/# revu\\n/" /etc/issue.net',
	'echo jetable > ~/jetable.txt && rm ~/jetable.txt',
	'sudo rm -r /usr/share/doc/sudo',
];

const EXPECTED = [
	'cat /home/eleve/f.txt',
	'stat -c "%a %U" /home/eleve/f.txt',
	'cat /home/eleve/depot/src/notes.txt',
	'readlink /home/eleve/lien',
	'test -e /home/eleve/projet && echo present || echo absent',
	'cat /etc/labo.conf',
	'test -e /etc/motd && echo present || echo absent',
	'head -n 1 /etc/issue.net',
	'test -e /home/eleve/jetable.txt && echo present || echo absent',
	'test -e /usr/share/doc/sudo && echo present || echo absent',
].join('; ');

describe('file journal (real guest, real 9p server; storage in memory)', () => {
	test.each(['debian', 'debian-leger'])('image « %s » keeps its root mounted sync once booted (systemd and sysvinit remount it)', async (image) => {
		const booted = image === 'debian' ? guest : await bootGuest(image);
		try {
			const result = await booted.vm.check('findmnt -n -o OPTIONS /', 30);
			expect(result.output).toMatch(/(^|,)sync(,|$)/);
		} finally {
			if (booted !== guest) await booted.close();
		}
	}, 120_000);

	test('what the learner writes is recorded before the prompt comes back, and replays into a fresh machine', async () => {
		await guest.restart();
		const { fs, device } = parts();
		const journal = new MemoryJournal();
		const recorder = new FileRecorder(fs, device, { write: journal.write });

		await guest.vm.type('echo garde > ~/premier.txt');
		// The prompt is back: with the `sync` mount the bytes are already in the 9p server.
		// The recorder has seen it: stored already, or about to be.
		expect(recorder.pending || journal.entries.has('/home/eleve/premier.txt')).toBe(true);
		const id = fs.SearchPath('/home/eleve/premier.txt').id;
		expect(new TextDecoder().decode(fs.inodedata[id]!.subarray(0, fs.inodes[id]!.size))).toBe('garde\n');

		for (const command of LEARNER_WORK) await guest.vm.type(command, 60_000);
		await recorder.stop();
		expect(recorder.pending).toBe(false);
		const before = await inGuest(EXPECTED);
		expect(before.split('\n')).toEqual(['garde', '600 eleve', 'a', 'b', 'projet/src/notes.txt', 'absent', 'labo', 'absent', '# revu', 'absent', 'absent']);
		expect(journal.entries.get('/home/eleve/premier.txt')).toMatchObject({ kind: 'file', size: 6 });
		expect(journal.entries.get('/etc/motd')).toMatchObject({ kind: 'gone' });
		expect(journal.entries.get('/home/eleve/projet')).toMatchObject({ kind: 'gone' });
		expect([...journal.entries.keys()].some((path) => path.startsWith('/home/eleve/projet/'))).toBe(false);

		// A fresh machine from the image's snapshot: none of it is there…
		await guest.restart();
		expect(await inGuest('cat /home/eleve/f.txt 2>&1 || true')).toMatch(/No such file|Aucun fichier/);
		expect(await inGuest('test -e /etc/motd && test -e /usr/share/doc/sudo/copyright && echo present')).toBe('present');

		// …until the journal is put back.
		// Looked up by the guest just above: it holds /etc/motd and /usr/share/doc/sudo in its caches.
		const fresh = parts();
		const replayed = await replayJournal(fresh.fs, journal.list, fresh.cached);
		expect(replayed.skipped).toEqual([]);
		expect(replayed.applied).toBe(journal.entries.size);
		expect(replayed.replacedCached).toBeGreaterThanOrEqual(2);
		await inGuest(GUEST_DROP_CACHES);
		expect(await inGuest(EXPECTED)).toBe(before);
	}, 240_000);

	test('replaying over a machine that already holds the files changes nothing, and a file the guest had read comes back new', async () => {
		await guest.restart();
		const { fs, device } = parts();
		// Read first: the guest keeps /etc/hostname in its caches.
		expect(await inGuest('cat /etc/hostname')).toBe('labo');
		const journal = new MemoryJournal();
		const recorder = new FileRecorder(fs, device, { write: journal.write });
		await guest.vm.type('echo remplace | sudo tee /etc/hostname > /dev/null');
		await recorder.stop();
		const state = await guest.vm.saveState();

		// Back to the image, where the guest has read the old /etc/hostname.
		await guest.restart();
		expect(await inGuest('cat /etc/hostname')).toBe('labo');
		const before = parts();
		// The guest holds /etc/hostname: the replay says its caches must go.
		expect((await replayJournal(before.fs, journal.list, before.cached)).replacedCached).toBeGreaterThanOrEqual(1);
		await inGuest(GUEST_DROP_CACHES);
		expect(await inGuest('cat /etc/hostname')).toBe('remplace');

		// Over the machine saved after the change: the same files, twice over.
		await guest.restart(state);
		await replayJournal(parts().fs, journal.list, parts().cached);
		await replayJournal(parts().fs, journal.list, parts().cached);
		await inGuest(GUEST_DROP_CACHES);
		expect(await inGuest('cat /etc/hostname; ls /etc | wc -l')).toBe(`remplace\n${await inGuest('ls /etc | wc -l')}`);
	}, 240_000);

	test('a hard link to a file of the image is kept by its checksum, not its bytes, and comes back in a fresh machine', async () => {
		// Real: the guest's hard link and v86's 9p server. The lab's pct links BusyBox into each
		// unprivileged container this way (labs/image/debian/overlay-proxmox.sh): the journal stores a
		// reference to the image's file, not 2 MB per container.
		await guest.restart();
		const { fs, device } = parts();
		const journal = new MemoryJournal();
		const recorder = new FileRecorder(fs, device, { write: journal.write });
		await guest.vm.type('sudo ln /usr/bin/tree ~/arbre');
		await recorder.stop();
		const linked = journal.entries.get('/home/eleve/arbre');
		expect(linked).toMatchObject({ kind: 'file', sha256: expect.stringMatching(/^[0-9a-f]{64}/) });
		expect(linked?.kind === 'file' && linked.data).toBeFalsy();

		await guest.restart();
		const fresh = parts();
		expect((await replayJournal(fresh.fs, journal.list, fresh.cached)).skipped).toEqual([]);
		expect(await inGuest('cmp /usr/bin/tree /home/eleve/arbre && echo pareil')).toBe('pareil');
	}, 240_000);
});
