/**
 * What the lab interface needs from a machine, whatever runs it. The v86
 * runtime (`browser/v86-runtime.ts`) is today's only implementation; another one
 * (a remote machine for workshops, say) can be added without touching
 * the components.
 */

export interface CommandResult {
	ok: boolean;
	/** Exit status; 124 when the timeout fired. */
	status: number;
	output: string;
	timedOut: boolean;
}

export interface StartProgress {
	/** Bytes received so far and expected (0 when unknown). */
	loaded: number;
	total: number;
	/** French, ready to show. */
	message: string;
}

export interface LabMachine {
	/** Identifies the image; a saved state only fits the image it came from. */
	readonly imageHash: string;
	/** Terminal output (bytes for xterm.js). Returns an unsubscribe function. */
	onOutput(listener: (bytes: Uint8Array) => void): () => void;
	/** Keyboard input from the terminal. */
	write(data: string | Uint8Array): void;
	/** Tells the guest the terminal's size. */
	resize(cols: number, rows: number): Promise<void>;
	/** Runs a shell command as root, out of the learner's sight. */
	run(command: string, timeoutSeconds: number): Promise<CommandResult>;
	/**
	 * The whole machine (memory, disk changes), to resume later: compressed
	 * and ready to store, the work done off the page's main thread.
	 */
	save(): Promise<Blob>;
	dispose(): Promise<void>;
	/** The guest's file changes, kept as they happen: present when started with `keepFiles`. */
	readonly files?: KeptFiles;
}

/**
 * A machine's file journal (src/machine/journal/): what the guest writes is
 * stored within milliseconds, so that a reload, a closed tab or a crash
 * loses no file; the whole machine (running programs) is still saved now
 * and then with `save()`.
 */
export interface KeptFiles {
	/** Journal entries put back into the machine when it started. */
	readonly replayed: number;
	/** Called with `true` while changes wait to be stored, `false` once all are. */
	onPending(listener: (pending: boolean) => void): () => void;
	/** Called when storing them failed (French, ready to show). */
	onError(listener: (message: string) => void): () => void;
	/** The lab's preparation is done and stored: a machine resumed from these files needs none. */
	markPrepared(): Promise<void>;
}

export interface StartOptions {
	/** Guest image id (`labs/image/<id>`). */
	image: string;
	/** A state from `LabMachine.save()` to resume. */
	state?: Blob;
	/** When that state was saved (`SavedMachine.savedAt`): a runtime that read it ahead uses its copy. */
	savedAt?: string;
	/** Keep the guest's file changes for this lab; put back those recorded after `since` (ms; 0: all of them). */
	keepFiles?: { labId: string; since: number };
	onProgress?: (progress: StartProgress) => void;
}

export interface LabRuntime {
	/**
	 * Optional: begin fetching what `start` will need for this image (the
	 * page calls it as soon as it knows the image), and with `labId` the
	 * learner's saved machine for that lab. Never throws.
	 */
	prepare?(image: string, labId?: string): void;
	/** The image's hash, to tell whether a saved state still fits it. */
	imageHash(image: string): Promise<string>;
	start(options: StartOptions): Promise<LabMachine>;
}
