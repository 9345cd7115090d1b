import { describe, expect, test, vi } from 'vitest';
import { yieldInThisThread, type V86Runner } from '../../src/machine/v86/yield-in-thread.ts';

/** Stands for v86's CPU runner: it records which ticks came back. */
function fakeRunner() {
	const ticks: number[] = [];
	const runner: V86Runner & { ownWorkerStopped: boolean } = {
		ownWorkerStopped: false,
		yield: () => {
			throw new Error('the helper worker would have been used');
		},
		yield_callback: (tick) => ticks.push(tick),
		unregister_yield() {
			this.ownWorkerStopped = true;
		},
	};
	return { runner, ticks };
}

describe('v86 loop scheduled in its own thread', () => {
	test('stops the helper worker v86 made, and resumes the loop without it', async () => {
		const { runner, ticks } = fakeRunner();
		yieldInThisThread(runner);
		expect(runner.ownWorkerStopped).toBe(true);
		runner.yield(0, 1);
		expect(ticks).toEqual([]); // never synchronously: the event loop runs in between
		await vi.waitFor(() => expect(ticks).toEqual([1]));
		runner.yield(5, 2);
		await vi.waitFor(() => expect(ticks).toEqual([1, 2]));
		runner.unregister_yield();
	});

	test('a new request replaces a pending delay, as v86’s own helper does', async () => {
		const { runner, ticks } = fakeRunner();
		yieldInThisThread(runner);
		runner.yield(30, 1);
		runner.yield(0, 2); // the guest got input: run now
		await vi.waitFor(() => expect(ticks).toEqual([2]));
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect(ticks).toEqual([2]);
		runner.unregister_yield();
	});

	test('once unregistered (machine destroyed), nothing more runs', async () => {
		const { runner, ticks } = fakeRunner();
		yieldInThisThread(runner);
		runner.yield(10, 1);
		runner.unregister_yield();
		runner.yield(0, 2);
		await new Promise((resolve) => setTimeout(resolve, 40));
		expect(ticks).toEqual([]);
	});
});
