/**
 * Records, as they happen, the changes the guest makes to its root
 * filesystem, which v86's 9p server holds in the machine's thread. The
 * image mounts it `sync` (labs/image/debian/initramfs/init), so a file's
 * bytes are in the server before the command that wrote them returns; they
 * reach this recorder then, and IndexedDB a few milliseconds later, long
 * before a full machine save (~2.7 s, every two minutes).
 *
 * How: three hooks say what moved (content: `set_data`; names: linking and
 * unlinking in a directory; any other change: a 9p request of a changing
 * kind, after which owners, modes and times are compared with the last
 * ones seen). A flush turns that into entries by path (entries.ts).
 */
import { childPath, type FileEntry, type JournalBatch, type JournalEntry } from './entries.ts';
import { isDirectory, kindOfMode, STATUS, type V86Fs, type V86Inode, type V86NinePDevice } from './v86-fs.ts';

/** 9p2000.L requests that change the filesystem (Tlcreate, Tsymlink, Tmknod, Trename, Tsetattr, Tlink, Tmkdir, Trenameat, Tunlinkat, Twrite, Tremove). */
const CHANGING_REQUESTS = new Set([14, 16, 18, 20, 26, 70, 72, 74, 76, 118, 122]);

/** Above this, a batch is followed by a pause of its size at this rate (20 MB/s) before the next one. */
const LARGE_BATCH_BYTES = 256 * 1024;
const COPY_BYTES_PER_MS = 20_000;

/** Inode fields that `Tsetattr` and friends change without a call we hook. */
function stamp(inode: V86Inode): string {
	return `${inode.mode} ${inode.uid} ${inode.gid} ${inode.mtime} ${inode.size}`;
}

export interface RecorderOptions {
	/** Writes a batch; the next one waits for it. */
	write: (batch: JournalBatch) => Promise<void>;
	/** Told whether changes are waiting to be written (the page warns before leaving). */
	onPending?: (pending: boolean) => void;
	/** Told when a write failed (quota, storage refused). */
	onError?: (error: unknown) => void;
}

export class FileRecorder {
	readonly #fs: V86Fs;
	readonly #options: RecorderOptions;
	/** Where each inode is linked (its last link), built on the first flush, then kept by the hooks. */
	#parentOf?: Map<number, { parent: number; name: string }>;
	#stamps: string[] = [];
	/** Inodes whose content changed. */
	#contentChanged = new Set<number>();
	/** Directory entries added or removed: (directory, name). */
	#namesChanged = new Map<string, { parent: number; name: string }>();
	#metadataMayHaveChanged = false;
	/** Counts changes: a write that ends with no new one leaves nothing pending. */
	#changes = 0;
	/** A flush is asked for the next task (not a timer: in the machine's worker, v86's slices can hold timers back for a second). */
	#scheduled = false;
	readonly #nextTask = new MessageChannel();
	#writing: Promise<void> = Promise.resolve();
	#pending = false;
	#stopped = false;

	constructor(fs: V86Fs, device: V86NinePDevice, options: RecorderOptions) {
		this.#fs = fs;
		this.#options = options;
		this.#stamps = fs.inodes.map(stamp);
		this.#nextTask.port1.onmessage = () => {
			this.#scheduled = false;
			void this.flush();
		};
		// In Node (tests, bench) the port must not keep the process alive.
		(this.#nextTask.port1 as { unref?: () => void }).unref?.();
		const recorder = this;
		const setData = fs.set_data;
		fs.set_data = function (id, data) {
			recorder.#contentChanged.add(id);
			recorder.#changed();
			return setData.call(this, id, data);
		};
		const link = fs.link_under_dir;
		fs.link_under_dir = function (parent, id, name) {
			link.call(this, parent, id, name);
			recorder.#parentOf?.set(id, { parent, name });
			recorder.#namesChanged.set(`${parent}/${name}`, { parent, name });
			recorder.#changed();
		};
		const unlink = fs.unlink_from_dir;
		fs.unlink_from_dir = function (parent, name) {
			// The path is computed now: once the last name goes, nothing leads to it.
			recorder.#namesChanged.set(`${parent}/${name}`, { parent, name });
			unlink.call(this, parent, name);
			recorder.#changed();
		};
		const buildReply = device.BuildReply;
		device.BuildReply = function (id, tag, size) {
			if (CHANGING_REQUESTS.has(id)) {
				recorder.#metadataMayHaveChanged = true;
				recorder.#changed();
			}
			return buildReply.call(this, id, tag, size);
		};
	}

	/** True while changes wait to be written. */
	get pending(): boolean {
		return this.#pending;
	}

	#setPending(pending: boolean): void {
		if (this.#pending === pending) return;
		this.#pending = pending;
		this.#options.onPending?.(pending);
	}

	#changed(): void {
		if (this.#stopped) return;
		this.#changes++;
		this.#setPending(true);
		if (this.#scheduled) return;
		this.#scheduled = true;
		this.#nextTask.port2.postMessage(null);
	}

	/**
	 * Writes what changed since the last flush; resolves when it is stored.
	 * One write at a time: what changes meanwhile goes in the next batch, so
	 * a long burst (apt install) makes few, larger writes.
	 */
	flush(): Promise<void> {
		this.#writing = this.#writing.then(async () => {
			const changes = this.#changes;
			const batch = this.#collect();
			if (batch.entries.length || batch.clearUnder.length) {
				try {
					await this.#options.write(batch);
				} catch (error) {
					this.#options.onError?.(error);
				}
				// A large file still being written is copied whole at each batch: a pause
				// after a large batch keeps that copying to a fraction of the time.
				const bytes = batch.entries.reduce((sum, entry) => sum + (entry.kind === 'file' && entry.data ? entry.data.byteLength : 0), 0);
				if (bytes > LARGE_BATCH_BYTES && this.#changes !== changes) await new Promise((resume) => setTimeout(resume, bytes / COPY_BYTES_PER_MS));
			}
			if (this.#changes === changes) this.#setPending(false);
		});
		return this.#writing;
	}

	/** Writes what is left and stops recording (the machine is going away). */
	async stop(): Promise<void> {
		await this.flush();
		this.#stopped = true;
		this.#nextTask.port1.close();
	}

	/** The path of inode `id`, or undefined if nothing links it any more. */
	#pathOf(id: number): string | undefined {
		const parentOf = this.#links();
		const names: string[] = [];
		for (let at = id, hops = 0; at !== 0; hops++) {
			const link = parentOf.get(at);
			if (!link || hops > 4096) return undefined;
			if (this.#fs.inodes[link.parent]?.direntries.get(link.name) !== at) return undefined;
			names.push(link.name);
			at = link.parent;
		}
		return `/${names.reverse().join('/')}`;
	}

	#links(): Map<number, { parent: number; name: string }> {
		if (!this.#parentOf) {
			const parentOf = new Map<number, { parent: number; name: string }>();
			const walk = (dir: number) => {
				for (const [name, id] of this.#fs.inodes[dir]!.direntries) {
					if (name === '.' || name === '..') continue;
					parentOf.set(id, { parent: dir, name });
					if (isDirectory(this.#fs.inodes[id]!)) walk(id);
				}
			};
			walk(0);
			this.#parentOf = parentOf;
		}
		return this.#parentOf;
	}

	#collect(): JournalBatch {
		const at = Date.now();
		const fs = this.#fs;
		const changed = new Set(this.#contentChanged);
		this.#contentChanged.clear();
		if (this.#metadataMayHaveChanged) {
			this.#metadataMayHaveChanged = false;
			for (let id = 0; id < fs.inodes.length; id++) {
				const now = stamp(fs.inodes[id]!);
				if (this.#stamps[id] !== now) {
					this.#stamps[id] = now;
					changed.add(id);
				}
			}
		}
		const entries = new Map<string, JournalEntry>();
		const clearUnder: string[] = [];
		// Names added or removed: the path now holds something else, or nothing.
		for (const { parent, name } of this.#namesChanged.values()) {
			const dir = this.#pathOf(parent);
			if (dir === undefined) continue; // its directory went too: recorded there
			const path = childPath(dir, name);
			const id = fs.inodes[parent]!.direntries.get(name);
			if (id === undefined) {
				entries.set(path, { path, at, kind: 'gone' });
				clearUnder.push(path);
			} else if (isDirectory(fs.inodes[id]!)) {
				clearUnder.push(path);
				this.#addTree(id, path, at, entries);
			} else {
				entries.set(path, { path, at, ...this.#entry(id) });
			}
		}
		this.#namesChanged.clear();
		for (const id of changed) {
			const inode = fs.inodes[id];
			if (!inode || inode.status === STATUS.UNLINKED || inode.status === STATUS.INVALID) continue;
			const path = id === 0 ? '/' : this.#pathOf(id);
			if (path === undefined || entries.has(path)) continue;
			entries.set(path, { path, at, ...this.#entry(id) });
		}
		return { at, clearUnder, entries: [...entries.values()] };
	}

	/** A directory moved or made whole: it and everything under it. */
	#addTree(id: number, path: string, at: number, entries: Map<string, JournalEntry>): void {
		entries.set(path, { path, at, ...this.#entry(id) });
		for (const [name, child] of this.#fs.inodes[id]!.direntries) {
			if (name === '.' || name === '..') continue;
			const childAt = childPath(path, name);
			if (isDirectory(this.#fs.inodes[child]!)) this.#addTree(child, childAt, at, entries);
			else entries.set(childAt, { path: childAt, at, ...this.#entry(child) });
		}
	}

	#entry(id: number): FileEntry {
		const inode = this.#fs.inodes[id]!;
		const meta = { mode: inode.mode, uid: inode.uid, gid: inode.gid, mtime: inode.mtime, atime: inode.atime, ctime: inode.ctime };
		this.#stamps[id] = stamp(inode);
		const kind = kindOfMode(inode.mode);
		if (kind === 'dir') return { ...meta, kind };
		if (kind === 'symlink') return { ...meta, kind, target: inode.symlink };
		if (kind === 'node') return { ...meta, kind, major: inode.major, minor: inode.minor };
		const data = this.#fs.inodedata[id];
		if (data) return { ...meta, kind: 'file', size: inode.size, data: data.slice(0, inode.size) };
		if (inode.status === STATUS.ON_STORAGE && inode.sha256sum) return { ...meta, kind: 'file', size: inode.size, sha256: inode.sha256sum };
		return { ...meta, kind: 'file', size: 0, data: new Uint8Array(0) };
	}
}
