/**
 * Puts a file journal back into v86's 9p server, before the guest runs on:
 * the machine then holds the learner's files as they last were, whether it
 * came from the image's snapshot or from a machine saved earlier.
 */
import { baseName, byPath, parentPath, type JournalEntry } from './entries.ts';
import { isDirectory, kindOfMode, STATUS, type V86Fs } from './v86-fs.ts';

export interface ReplayResult {
	/** Entries put back. */
	applied: number;
	/**
	 * Of those, paths whose old inode the guest holds in its caches (changed,
	 * replaced or removed while the guest has it looked up): only then must
	 * the guest drop its caches. A new path, or one the guest has not looked
	 * up, needs nothing more.
	 */
	replacedCached: number;
	/** Entries whose directory is missing (a journal that does not fit this machine): left out. */
	skipped: string[];
}

/**
 * Run in the guest once files it holds were replaced under its feet (see
 * `replacedCached`): the root is mounted `cache=loose`, so the guest would
 * go on reading the old ones from its caches; dropped, they are read again
 * from the 9p server.
 */
export const GUEST_DROP_CACHES = 'echo 3 > /proc/sys/vm/drop_caches';

function remove(fs: V86Fs, path: string): void {
	const found = fs.SearchPath(path);
	if (found.id === -1) return;
	if (isDirectory(fs.inodes[found.id]!)) fs.RecursiveDelete(path);
	// SearchPath's `name` is only set when the path is missing: the parent and the base name say where it is.
	fs.Unlink(found.parentid, baseName(path));
}

/** @param cachedInodes inodes the guest holds (`inodesHeldByGuest`). */
export async function replayJournal(fs: V86Fs, journal: JournalEntry[], cachedInodes: ReadonlySet<number>): Promise<ReplayResult> {
	const result: ReplayResult = { applied: 0, replacedCached: 0, skipped: [] };
	for (const entry of [...journal].sort(byPath)) {
		if (entry.path === '/') {
			if (entry.kind === 'dir') Object.assign(fs.inodes[0]!, { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime });
			continue;
		}
		if (entry.kind === 'gone') {
			if (cachedInodes.has(fs.SearchPath(entry.path).id)) result.replacedCached++;
			remove(fs, entry.path);
			result.applied++;
			continue;
		}
		const parent = fs.SearchPath(parentPath(entry.path));
		if (parent.id === -1 || !isDirectory(fs.inodes[parent.id]!)) {
			result.skipped.push(entry.path);
			continue;
		}
		const name = baseName(entry.path);
		let id = fs.Search(parent.id, name);
		const existing = id === -1 ? undefined : fs.inodes[id]!;
		if (existing && cachedInodes.has(id)) result.replacedCached++;
		const sameSymlink = entry.kind !== 'symlink' || existing?.symlink === entry.target;
		if (existing && (kindOfMode(existing.mode) !== entry.kind || !sameSymlink || entry.kind === 'node')) {
			remove(fs, entry.path);
			id = -1;
		}
		if (id === -1) {
			if (entry.kind === 'dir') id = fs.CreateDirectory(name, parent.id);
			else if (entry.kind === 'file') id = fs.CreateFile(name, parent.id);
			else if (entry.kind === 'symlink') id = fs.CreateSymlink(name, parent.id, entry.target);
			else id = fs.CreateNode(name, parent.id, entry.major, entry.minor);
		}
		const inode = fs.inodes[id]!;
		if (entry.kind === 'file') {
			if (entry.data) {
				await fs.set_data(id, entry.data.slice());
				inode.size = entry.data.byteLength;
			} else if (inode.status !== STATUS.ON_STORAGE || inode.sha256sum !== entry.sha256) {
				// The image's own content: read from the image again when the guest asks.
				delete fs.inodedata[id];
				inode.sha256sum = entry.sha256;
				inode.status = STATUS.ON_STORAGE;
				inode.size = entry.size;
			}
		}
		Object.assign(inode, { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime, atime: entry.atime, ctime: entry.ctime });
		result.applied++;
	}
	return result;
}
