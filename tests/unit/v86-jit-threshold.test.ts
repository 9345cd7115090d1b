import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jitThresholdOffset, LAB_JIT_THRESHOLD, V86_JIT_THRESHOLD, v86PackageWasm, withJitThreshold } from '../../src/machine/v86/jit-threshold.ts';

const stock = new Uint8Array(readFileSync(v86PackageWasm()));

/** The unsigned LEB128 immediate of the `i32.const` at `at`. */
function immediate(wasm: Uint8Array, at: number): number {
	let value = 0;
	for (let i = 0, byte = 0x80; byte & 0x80; i++) {
		byte = wasm[at + 1 + i]!;
		value |= (byte & 0x7f) << (7 * i);
	}
	return value;
}

describe('seuil du compilateur de v86', () => {
	it('finds the one comparison with 200 000 in the installed v86.wasm', () => {
		const at = jitThresholdOffset(stock);
		expect(immediate(stock, at)).toBe(V86_JIT_THRESHOLD);
	});

	it('rewrites only the three bytes of that immediate, into a module that still validates', () => {
		const at = jitThresholdOffset(stock);
		const tuned = withJitThreshold(stock);
		expect(tuned.length).toBe(stock.length);
		expect(immediate(tuned, at)).toBe(LAB_JIT_THRESHOLD);
		const changed = [...tuned.keys()].filter((i) => tuned[i] !== stock[i]);
		expect(changed.length).toBeGreaterThan(0);
		expect(changed.every((i) => i > at && i <= at + 3)).toBe(true);
		expect(WebAssembly.validate(tuned)).toBe(true);
		expect(jitThresholdOffset(tuned, LAB_JIT_THRESHOLD)).toBe(at);
		// The input is left as it was.
		expect(immediate(stock, at)).toBe(V86_JIT_THRESHOLD);
	});

	it('encodes small thresholds on the same three bytes', () => {
		const tuned = withJitThreshold(stock, 5);
		expect(tuned.length).toBe(stock.length);
		expect(immediate(tuned, jitThresholdOffset(stock))).toBe(5);
		expect(WebAssembly.validate(tuned)).toBe(true);
	});

	it('refuses a threshold that does not fit, in French', () => {
		expect(() => withJitThreshold(stock, 0)).toThrow(/seuil du compilateur de v86 refusé : 0 ; attendu un entier de 1 à 2097151/);
		expect(() => withJitThreshold(stock, 3_000_000)).toThrow(/refusé : 3000000/);
		expect(() => withJitThreshold(stock, 1.5)).toThrow(/refusé/);
	});

	it('refuses another build of v86, where the comparison is absent or not alone', () => {
		const at = jitThresholdOffset(stock);
		expect(() => withJitThreshold(withJitThreshold(stock))).toThrow(/apparaît 0 fois, une seule était attendue/);
		const twice = new Uint8Array(stock.length + 7);
		twice.set(stock);
		twice.set(stock.subarray(at, at + 7), stock.length);
		expect(() => withJitThreshold(twice)).toThrow(/apparaît 2 fois/);
	});
});
