/**
 * Holds the learner's keys that would make the guest read files (Enter runs a
 * line, Tab completes a name) while the machine is still dropping its caches
 * of files put back under its feet; everything typed from that key on waits
 * and is sent in order once the caches are gone. Keys before it pass at once:
 * the prompt shows and answers straight away, and a command typed in the
 * first instant reads the files as they were left, never a stale copy.
 */
export class InputGate {
	readonly #send: (data: string | Uint8Array) => void;
	/** Defined while holding; filled from the first key that would read files. */
	#held: (string | Uint8Array)[] | undefined;
	#open: Promise<void> = Promise.resolve();

	constructor(send: (data: string | Uint8Array) => void) {
		this.#send = send;
	}

	/** Holds from the next Enter or Tab until `work` settles (fulfilled or not). */
	holdUntil(work: Promise<unknown>): void {
		const held: (string | Uint8Array)[] = [];
		this.#held = held;
		this.#open = work.then(
			() => undefined,
			() => undefined,
		);
		void this.#open.then(() => {
			if (this.#held !== held) return;
			this.#held = undefined;
			for (const data of held) this.#send(data);
		});
	}

	/** Resolves once nothing is held back (at once when not holding). */
	get open(): Promise<void> {
		return this.#open;
	}

	write(data: string | Uint8Array): void {
		if (this.#held && (this.#held.length > 0 || readsFiles(data))) this.#held.push(data);
		else this.#send(data);
	}

	/** Forgets what is held (the machine stops). */
	drop(): void {
		this.#held = undefined;
	}
}

const ENTER_OR_TAB = new Set([0x09, 0x0a, 0x0d]);

function readsFiles(data: string | Uint8Array): boolean {
	if (typeof data === 'string') return /[\t\n\r]/.test(data);
	return data.some((byte) => ENTER_OR_TAB.has(byte));
}
