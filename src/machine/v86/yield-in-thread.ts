/**
 * Between two slices of guest time v86 hands control back to the event
 * loop. In a browser it does so through a small worker of its own (a blob:
 * script that echoes each message back, at once or after a delay), so that
 * a page in a background tab is not slowed by timer throttling. In the lab's
 * own worker (src/machine/browser/worker.ts) that extra thread buys nothing: it
 * costs its start-up right after a restore, while the learner waits for the
 * prompt, and a round trip between threads per slice. There the loop is
 * resumed through a MessageChannel of the same thread instead.
 */

/** The part of v86's internal CPU runner (`emulator.v86`) that schedules its loop. */
export interface V86Runner {
	yield(delay: number, tick: number): void;
	yield_callback(tick: number): void;
	unregister_yield(): void;
}

export function yieldInThisThread(runner: V86Runner): void {
	runner.unregister_yield(); // the worker v86 has just created, not started yet
	const channel = new MessageChannel();
	let timer: ReturnType<typeof setTimeout> | undefined;
	channel.port1.onmessage = ({ data }: MessageEvent<number>) => runner.yield_callback(data);
	runner.yield = (delay, tick) => {
		// As v86's own: only the latest request counts (a stale tick is ignored by yield_callback).
		clearTimeout(timer);
		if (delay < 1) channel.port2.postMessage(tick);
		else timer = setTimeout(() => runner.yield_callback(tick), delay);
	};
	runner.unregister_yield = () => {
		clearTimeout(timer);
		channel.port1.close();
	};
}

/**
 * {@link yieldInThisThread} for the runner of a v86 instance just made:
 * v86 creates its runner (`emulator.v86`) once its wasm is instantiated,
 * and starts it right after, so the change is made as it is assigned.
 */
export function yieldInThisThreadOnceCreated(emulator: object): void {
	let runner: V86Runner | undefined;
	Object.defineProperty(emulator, 'v86', {
		configurable: true,
		get: () => runner,
		set: (value: V86Runner) => {
			runner = value;
			yieldInThisThread(value);
		},
	});
}
