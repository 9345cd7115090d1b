/**
 * The text of the learner's terminal (serial 0) as a person would read it:
 * ANSI sequences removed, the last 64 KiB kept. Tests, the bench and the
 * image build wait on it for a prompt or a command's output.
 */

// ANSI CSI/OSC sequences and lone escapes, for prompt matching only.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]/g;
const KEPT_CHARS = 65536;

export class ScreenText {
	#text = '';
	#waiters = new Set<() => void>();
	readonly #decoder = new TextDecoder();

	/** Text recorded since the last `clear()`. */
	get text(): string {
		return this.#text;
	}

	/** Records bytes the guest wrote, then wakes the waiters whose pattern now matches. */
	append(bytes: Uint8Array): void {
		this.#text = (this.#text + this.#decoder.decode(bytes, { stream: true }).replace(ANSI, '')).slice(-KEPT_CHARS);
		for (const waiter of [...this.#waiters]) waiter();
	}

	/** Forgets the recorded text (before waiting for new output). */
	clear(): void {
		this.#text = '';
	}

	/** Resolves with the recorded text once it matches `pattern`. */
	waitFor(pattern: string | RegExp, timeoutMs: number): Promise<string> {
		const test = () => (typeof pattern === 'string' ? this.#text.includes(pattern) : pattern.test(this.#text));
		if (test()) return Promise.resolve(this.#text);
		return new Promise((resolve, reject) => {
			const check = () => {
				if (!test()) return;
				clearTimeout(timer);
				this.#waiters.delete(check);
				resolve(this.#text);
			};
			const timer = setTimeout(() => {
				this.#waiters.delete(check);
				reject(new Error(`délai dépassé en attendant « ${String(pattern)} » dans le terminal`));
			}, timeoutMs);
			this.#waiters.add(check);
		});
	}
}
