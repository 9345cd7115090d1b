import { describe, expect, it } from 'vitest';
import { InputGate } from '../../src/machine/browser/input-gate.ts';

/** Our logic alone: what reaches the guest's terminal, in which order, while its caches are dropped. */
function gate() {
	const sent: string[] = [];
	const g = new InputGate((data) => sent.push(typeof data === 'string' ? data : `[${[...data].join(',')}]`));
	let finish!: (ok: boolean) => void;
	const work = new Promise<void>((resolve, reject) => {
		finish = (ok) => (ok ? resolve() : reject(new Error('échec')));
	});
	return { g, sent, work, finish };
}

describe('InputGate', () => {
	it('sends everything at once when nothing is held', () => {
		const { g, sent } = gate();
		g.write('ls\r');
		expect(sent).toEqual(['ls\r']);
	});

	it('lets letters through, holds from Enter on, then sends in order', async () => {
		const { g, sent, work, finish } = gate();
		g.holdUntil(work);
		g.write('c');
		g.write('at f');
		g.write('\r');
		g.write('ls');
		g.write(new Uint8Array([0x0d]));
		expect(sent).toEqual(['c', 'at f']);
		finish(true);
		await g.open;
		await Promise.resolve();
		expect(sent).toEqual(['c', 'at f', '\r', 'ls', '[13]']);
		g.write('x');
		expect(sent.at(-1)).toBe('x');
	});

	it('holds Tab (completion reads directories) and bytes with a newline', async () => {
		const { g, sent, work, finish } = gate();
		g.holdUntil(work);
		g.write(new Uint8Array([0x61, 0x09]));
		g.write('b');
		expect(sent).toEqual([]);
		finish(true);
		await g.open;
		await Promise.resolve();
		expect(sent).toEqual(['[97,9]', 'b']);
	});

	it('opens also when the work fails: the learner is never stuck', async () => {
		const { g, sent, work, finish } = gate();
		g.holdUntil(work);
		g.write('pwd\r');
		finish(false);
		await g.open;
		await Promise.resolve();
		expect(sent).toEqual(['pwd\r']);
	});

	it('forgets held keys when the machine stops', async () => {
		const { g, sent, work, finish } = gate();
		g.holdUntil(work);
		g.write('rm f\r');
		g.drop();
		finish(true);
		await g.open;
		await Promise.resolve();
		expect(sent).toEqual([]);
	});
});
