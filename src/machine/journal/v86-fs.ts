/**
 * The part of v86's 9p file server (`emulator.fs9p`, lib/filesystem.js)
 * that the file journal reads and changes. These names survive v86's
 * minified build (they are checked by tests/vm/file-journal.test.ts on the
 * pinned version); nothing else of v86's internals is used here.
 */

/** What a v86 inode keeps (v86 `Inode`). */
export interface V86Inode {
	mode: number;
	uid: number;
	gid: number;
	size: number;
	mtime: number;
	atime: number;
	ctime: number;
	major: number;
	minor: number;
	symlink: string;
	/** `STATUS_*` below. */
	status: number;
	/** Name of the image file holding its content (status `ON_STORAGE`). */
	sha256sum: string;
	/** Name → inode id, with `.` and `..` for directories. */
	direntries: Map<string, number>;
}

/** v86's inode states. */
export const STATUS = { OK: 0, ON_STORAGE: 2, UNLINKED: 4, INVALID: -1 } as const;

/** File type bits of `mode` (as in stat(2)). */
export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;

export interface V86Fs {
	inodes: V86Inode[];
	/** Content held in memory, by inode id: files written by the guest, or by us. */
	inodedata: Record<number, Uint8Array>;
	/** `{ id: -1 }` when absent (v86 sets `name` only then). */
	SearchPath(path: string): { id: number; parentid: number };
	Search(parentid: number, name: string): number;
	CreateDirectory(name: string, parentid: number): number;
	CreateFile(name: string, parentid: number): number;
	CreateSymlink(name: string, parentid: number, target: string): number;
	CreateNode(name: string, parentid: number, major: number, minor: number): number;
	Unlink(parentid: number, name: string): number;
	RecursiveDelete(path: string): void;
	set_data(id: number, data: Uint8Array): Promise<void>;
	link_under_dir(parentid: number, id: number, name: string): void;
	unlink_from_dir(parentid: number, name: string): void;
}

/** v86's 9p device: `BuildReply(id)` is called once per request it answers, with the request's type. */
export interface V86NinePDevice {
	BuildReply(id: number, tag: number, payloadSize: number): void;
}

export function isDirectory(inode: V86Inode): boolean {
	return (inode.mode & S_IFMT) === S_IFDIR;
}

/** What a `mode` holds, in the journal's words (entries.ts). */
export function kindOfMode(mode: number): 'file' | 'dir' | 'symlink' | 'node' {
	const type = mode & S_IFMT;
	if (type === S_IFREG) return 'file';
	if (type === S_IFDIR) return 'dir';
	return type === S_IFLNK ? 'symlink' : 'node';
}

/**
 * Inodes the guest holds in its caches: with `cache=loose`, every dentry it
 * keeps holds a fid on its inode in v86's 9p server; an inode no fid names
 * is not cached in the guest.
 */
export function inodesHeldByGuest(fids: ReadonlyArray<{ inodeid: number } | undefined>): Set<number> {
	return new Set(fids.flatMap((fid) => (fid && fid.inodeid >= 0 ? [fid.inodeid] : [])));
}
