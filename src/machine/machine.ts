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
}

export interface StartOptions {
	/** Guest image id (`labs/image/<id>`). */
	image: string;
	/** A state from `LabMachine.save()` to resume. */
	state?: Blob;
	/** When that state was saved (`SavedMachine.savedAt`): a runtime that read it ahead uses its copy. */
	savedAt?: string;
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
