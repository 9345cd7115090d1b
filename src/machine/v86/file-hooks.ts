/**
 * Hooks on v86's 9p file server (`emulator.fs9p`), which serves the guest's
 * root filesystem: each file is fetched from the image the first time the
 * guest reads it (content-addressed, `baseurl + sha256`).
 */

/** What the machine fetched so far (for progress and the bench). */
export interface TrafficStats {
	/** Bytes of the state file. */
	stateBytes: number;
	/** Content-addressed 9p files loaded, by stored name (`<sha256>[.zst]`). */
	files: string[];
	/** Their uncompressed size. */
	fileBytes: number;
}

/** The part of v86's 9p storage that loads a file of the image. */
interface FileStorage {
	load_from_server?: (sha: string, size: number) => Promise<Uint8Array>;
}

/**
 * Counts in `stats` every file the guest loads from the image. v86 assigns
 * `fs9p` once its wasm is loaded, so the hook waits for that assignment.
 */
export function countLoadedFiles(emulator: object, stats: TrafficStats): void {
	let fs9p: unknown;
	Object.defineProperty(emulator, 'fs9p', {
		configurable: true,
		get: () => fs9p,
		set: (value: { storage?: FileStorage } | undefined) => {
			fs9p = value;
			const storage = value?.storage;
			const original = storage?.load_from_server?.bind(storage);
			if (!storage || !original) return;
			storage.load_from_server = async (sha: string, size: number) => {
				const data = await original(sha, size);
				stats.files.push(sha);
				stats.fileBytes += data.byteLength;
				return data;
			};
		},
	});
}
