/**
 * The file journal: what the guest changed in its root filesystem since
 * the image's snapshot, one entry per path, as the page keeps it in
 * IndexedDB. An entry holds the path's latest state, so applying a journal
 * twice, or over a machine saved later than some of its entries, gives the
 * same files.
 */

interface Meta {
	/** Permission and type bits, owner, times (seconds), as stat(2) gives them. */
	mode: number;
	uid: number;
	gid: number;
	mtime: number;
	atime: number;
	ctime: number;
}

export type FileEntry =
	/** A regular file with its bytes, or (`sha256`) with the image's own content, unchanged. */
	| (Meta & { kind: 'file'; data: Uint8Array; sha256?: undefined; size: number })
	| (Meta & { kind: 'file'; data?: undefined; sha256: string; size: number })
	| (Meta & { kind: 'dir' })
	| (Meta & { kind: 'symlink'; target: string })
	/** A device, fifo or socket node. */
	| (Meta & { kind: 'node'; major: number; minor: number })
	/** The path no longer exists (nor anything under it). */
	| { kind: 'gone' };

/** A path's entry, as stored: `at` is when it was recorded (ms since the epoch). */
export type JournalEntry = FileEntry & { path: string; at: number };

/** What one flush of the recorder writes: entries, and paths whose recorded descendants are dropped first. */
export interface JournalBatch {
	at: number;
	/** Directories replaced or removed as a whole: their older entries under them no longer hold. */
	clearUnder: string[];
	entries: JournalEntry[];
}

/** `/a/b` → `/a`; `/a` → `/`. */
export function parentPath(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash <= 0 ? '/' : path.slice(0, slash);
}

export function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

export function childPath(dir: string, name: string): string {
	return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** Parents before children, whatever characters the names hold (`/a` < `/a/b` < `/a b`). */
export function byPath(a: { path: string }, b: { path: string }): number {
	const x = a.path.split('/');
	const y = b.path.split('/');
	for (let i = 0; i < Math.min(x.length, y.length); i++) {
		if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
	}
	return x.length - y.length;
}
