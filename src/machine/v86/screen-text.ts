/**
 * The text of the learner's terminal (serial 0) as a person would read it:
 * ANSI sequences removed, the last 64 KiB kept. Tests, the bench and the
 * image build wait on it for a prompt or a command's output.
 */

// ANSI CSI/OSC sequences and lone escapes, for prompt matching only.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]/g;
/**
 * The start of one of those sequences, not finished yet. The guest's bytes come
 * in chunks cut anywhere (smaller ones on a loaded machine): a sequence cut in
 * two is held until its end arrives, or a colour code would stay in the text,
 * between `eleve@labo` and `:`, and no prompt would match (seen in CI).
 */
// eslint-disable-next-line no-control-regex
const UNFINISHED = /\x1b(?:\[[0-9;?]*[ -/]*|\][^\x07\x1b]*\x1b?|[()])?$/;
/** An unfinished sequence longer than this is not one: it is let through as text. */
const LONGEST_HELD = 256;
const KEPT_CHARS = 65536;

export class ScreenText {
	#text = '';
	/** The end of the last chunk when it cuts an escape sequence in two. */
	#held = '';
	#waiters = new Set<() => void>();
	readonly #decoder = new TextDecoder();

	/** Text recorded since the last `clear()`. */
	get text(): string {
		return this.#text;
	}

	/** Records bytes the guest wrote, then wakes the waiters whose pattern now matches. */
	append(bytes: Uint8Array): void {
		const chunk = this.#held + this.#decoder.decode(bytes, { stream: true });
		const unfinished = UNFINISHED.exec(chunk);
		const cut = unfinished && chunk.length - unfinished.index <= LONGEST_HELD ? unfinished.index : chunk.length;
		this.#held = chunk.slice(cut);
		this.#text = (this.#text + chunk.slice(0, cut).replace(ANSI, '')).slice(-KEPT_CHARS);
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
