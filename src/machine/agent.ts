/**
 * Host side of the check agent (labs/image/debian/overlay/usr/local/sbin/labo-agent).
 * Protocol "labo-1" on serial 1:
 *   request  `LABO <id> <timeout-s> <command>\n`, one line: every byte outside
 *            [A-Za-z0-9 _./:=+,-] written as `\xHH` (the agent decodes with printf %b)
 *   answer   `\nLABO-R <id> <status> <len>\n<len bytes of output>`
 * One request at a time: bash's `read` builtin keeps the bytes it read past
 * the line in a buffer shared by every later `read`, so a second request
 * already waiting on the port would be swallowed by the agent's read of the
 * first one's output (both lost). The client queues requests for that.
 */

export interface CheckResult {
	/** Exit status in the guest; 124 when the timeout fired. */
	status: number;
	/** stdout+stderr, trailing newlines trimmed, at most 64 KiB. */
	output: string;
	/** Host-side round trip in milliseconds. */
	durationMs: number;
	/** `status === 0`. */
	ok: boolean;
	timedOut: boolean;
}

interface Pending {
	resolve: (r: CheckResult) => void;
	reject: (e: Error) => void;
	started: number;
	timer: ReturnType<typeof setTimeout>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class AgentClient {
	#send: (bytes: Uint8Array) => void;
	#buffer: number[] = [];
	#pending = new Map<number, Pending>();
	#nextId = 1;
	/** Buffer length at which a partly received answer is complete. */
	#need = 0;
	#readyListeners: Array<() => void> = [];
	/** Requests not yet sent, oldest first. */
	#queue: Array<{ id: number; send: () => void; reject: (e: Error) => void }> = [];
	/** Id of the request sent and not yet answered. */
	#inFlight: number | undefined;

	/** @param send writes bytes to serial 1 of the guest. */
	constructor(send: (bytes: Uint8Array) => void) {
		this.#send = send;
	}

	/** Feed every byte the guest writes to serial 1. */
	receive(byte: number): void {
		this.#buffer.push(byte);
		if (byte === 0x0a || (this.#need > 0 && this.#buffer.length >= this.#need)) this.#parse();
	}

	/** Resolves when the agent announces itself (after a cold boot). */
	onReady(listener: () => void): void {
		this.#readyListeners.push(listener);
	}

	/**
	 * Runs `command` with bash in the guest (as root, HOME and cwd the
	 * learner's home). Requests wait their turn (see the protocol above); the
	 * time limit counts from when the request is sent. Rejects only if the
	 * agent does not answer in time.
	 */
	run(command: string, timeoutS = 10): Promise<CheckResult> {
		const id = this.#nextId++;
		const frame = encoder.encode(`LABO ${id} ${Math.max(1, Math.ceil(timeoutS))} ${escapeCommand(command)}\n`);
		const answer = new Promise<CheckResult>((resolve, reject) => {
			this.#queue.push({
				id,
				reject,
				send: () => {
					const timer = setTimeout(
						() => {
							this.#pending.delete(id);
							reject(new Error(`l’agent de la machine virtuelle n’a pas répondu (commande ${id})`));
						},
						(timeoutS + 5) * 1000,
					);
					this.#pending.set(id, { resolve, reject, started: performance.now(), timer });
					try {
						this.#send(frame);
					} catch (error) {
						clearTimeout(timer);
						this.#pending.delete(id);
						reject(error as Error);
					}
				},
			});
		});
		// The next request goes out once this one is answered or given up on.
		const next = (): void => {
			if (this.#inFlight !== id) return;
			this.#inFlight = undefined;
			this.#sendNext();
		};
		answer.then(next, next);
		this.#sendNext();
		return answer;
	}

	#sendNext(): void {
		if (this.#inFlight !== undefined) return;
		const waiting = this.#queue.shift();
		if (!waiting) return;
		this.#inFlight = waiting.id;
		waiting.send();
	}

	/** Rejects every pending request (VM stopped or restored). */
	cancelAll(reason: string): void {
		for (const waiting of this.#queue.splice(0)) waiting.reject(new Error(reason));
		for (const p of this.#pending.values()) {
			clearTimeout(p.timer);
			p.reject(new Error(reason));
		}
		this.#pending.clear();
		this.#buffer = [];
	}

	#parse(): void {
		const buf = this.#buffer;
		this.#need = 0;
		for (;;) {
			const at = indexOf(buf, MARK);
			if (at < 0) {
				// Nothing framed: keep only what could be the start of a mark.
				if (buf.length > MARK.length) buf.splice(0, buf.length - MARK.length);
				return;
			}
			if (at > 0) buf.splice(0, at);
			const nl = buf.indexOf(0x0a, 1);
			if (nl < 0) return;
			const line = decoder.decode(Uint8Array.from(buf.slice(1, nl)));
			if (line === 'LABO-READY') {
				buf.splice(0, nl + 1);
				for (const l of this.#readyListeners.splice(0)) l();
				continue;
			}
			const m = line.match(/^LABO-R (\d+) (\d+) (\d+)$/);
			if (!m) {
				buf.splice(0, 1);
				continue;
			}
			const len = Number(m[3]);
			if (buf.length < nl + 1 + len) {
				this.#need = nl + 1 + len;
				return;
			}
			const body = Uint8Array.from(buf.slice(nl + 1, nl + 1 + len));
			buf.splice(0, nl + 1 + len);
			const id = Number(m[1]);
			const status = Number(m[2]);
			const p = this.#pending.get(id);
			if (!p) continue;
			this.#pending.delete(id);
			clearTimeout(p.timer);
			p.resolve({
				status,
				output: decoder.decode(body),
				durationMs: performance.now() - p.started,
				ok: status === 0,
				timedOut: status === 124,
			});
		}
	}
}

/** `\nLABO-` as bytes: every agent frame starts with it. */
const MARK = Array.from(new TextEncoder().encode('\nLABO-'));

function indexOf(haystack: number[], needle: number[]): number {
	outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
		for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
		return i;
	}
	return -1;
}

const SAFE = /[A-Za-z0-9 _./:=+,-]/;

/** One-line form of a command for the agent (see the protocol above). */
export function escapeCommand(command: string): string {
	let out = '';
	for (const byte of encoder.encode(command)) {
		const ch = String.fromCharCode(byte);
		out += byte < 0x80 && SAFE.test(ch) ? ch : `\\x${byte.toString(16).padStart(2, '0')}`;
	}
	return out;
}
