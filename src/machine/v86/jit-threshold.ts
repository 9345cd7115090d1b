/**
 * v86's JIT threshold, set for lab sessions.
 *
 * v86 runs guest code in its interpreter and compiles a page of it to
 * WebAssembly once that page has run `JIT_THRESHOLD` instructions (200 000,
 * a constant of its Rust code, compiled into v86.wasm). A restored machine
 * starts with nothing compiled, and the first commands a learner types
 * (`sudo`, `ps`, `find`, `nano`…) run once: at 200 000 the emulator spends
 * more time compiling their pages than it saves. At 600 000 the first `ps`,
 * `find` or `less` takes half the time or less, `nano`, `man` or `sudo` a
 * quarter to a half less, while long computations (checksums, loops, gzip)
 * keep their speed; at 2 000 000 these become four to ten times slower
 * (bench/results/vm.md).
 *
 * The npm package ships only the built v86.wasm, and building v86 needs its
 * Rust sources: the constant is changed in the built module instead, where
 * it is the immediate of one comparison (`i32.const 200000; i32.lt_u;
 * br_if 0` in `main_loop`). The same three bytes are rewritten, so no size
 * or offset in the module changes; any other build of v86 (the comparison
 * absent or found twice) is refused rather than guessed at.
 */

/** v86's own build, as the installed package ships it (Node: the build, tests and the Vite plugin read it). */
export function v86PackageWasm(): URL {
	return new URL('./v86.wasm', import.meta.resolve('v86'));
}

/** Instructions a page of guest code runs before v86 compiles it, in our labs. */
export const LAB_JIT_THRESHOLD = 600_000;

/** The value compiled into v86's own build. */
export const V86_JIT_THRESHOLD = 200_000;

const I32_CONST = 0x41;
const I32_LT_U = 0x49;
const BR_IF_0 = [0x0d, 0x00];
/** Bytes of the immediate: the stock value's LEB128 length, kept so that nothing else moves. */
const IMMEDIATE_BYTES = 3;
const MAX_THRESHOLD = 2 ** (7 * IMMEDIATE_BYTES) - 1;

/** `value` as unsigned LEB128 on exactly `IMMEDIATE_BYTES` bytes (padding is valid LEB128). */
function leb128Fixed(value: number): number[] {
	const out: number[] = [];
	for (let i = 0; i < IMMEDIATE_BYTES; i++) {
		const last = i === IMMEDIATE_BYTES - 1;
		out.push(((value >>> (7 * i)) & 0x7f) | (last ? 0 : 0x80));
	}
	return out;
}

/** The comparison of the hotness counter with `threshold`, as it is encoded in v86.wasm. */
function comparison(threshold: number): Uint8Array {
	return Uint8Array.from([I32_CONST, ...leb128Fixed(threshold), I32_LT_U, ...BR_IF_0]);
}

function offsetsOf(haystack: Uint8Array, needle: Uint8Array): number[] {
	const found: number[] = [];
	const first = needle[0]!;
	for (let at = haystack.indexOf(first); at !== -1 && at <= haystack.length - needle.length; at = haystack.indexOf(first, at + 1)) {
		let same = true;
		for (let k = 1; k < needle.length && same; k++) same = haystack[at + k] === needle[k];
		if (same) found.push(at);
	}
	return found;
}

/** Where v86's JIT threshold is compared in `wasm` (offset of its `i32.const`). */
export function jitThresholdOffset(wasm: Uint8Array, threshold = V86_JIT_THRESHOLD): number {
	const found = offsetsOf(wasm, comparison(threshold));
	if (found.length !== 1) {
		throw new Error(
			`v86.wasm : la comparaison au seuil du compilateur (${threshold} instructions) apparaît ${found.length} fois, ` +
				'une seule était attendue ; cette version de v86 n’est pas celle dont le seuil a été mesuré (package-lock.json, bench/results/vm.md).',
		);
	}
	return found[0]!;
}

/** A copy of v86.wasm whose JIT compiles a page after `threshold` instructions instead of 200 000. */
export function withJitThreshold(wasm: Uint8Array, threshold = LAB_JIT_THRESHOLD): Uint8Array<ArrayBuffer> {
	if (!Number.isInteger(threshold) || threshold < 1 || threshold > MAX_THRESHOLD) {
		throw new Error(`seuil du compilateur de v86 refusé : ${threshold} ; attendu un entier de 1 à ${MAX_THRESHOLD}.`);
	}
	const at = jitThresholdOffset(wasm);
	const tuned = new Uint8Array(wasm);
	tuned.set(leb128Fixed(threshold), at + 1);
	return tuned;
}

let nodeV86Module: Promise<WebAssembly.Module> | undefined;
/**
 * The v86 package's v86.wasm with the labs' JIT threshold, compiled once per
 * Node process (build, tests, benches). `LABO_JIT_THRESHOLD` sets another
 * threshold, for the bench that compares them (bench/vm.ts).
 */
export function labV86ModuleInNode(): Promise<WebAssembly.Module> {
	nodeV86Module ??= (async () => {
		const { readFile } = await import('node:fs/promises');
		const { fileURLToPath } = await import('node:url');
		const stock = await readFile(fileURLToPath(v86PackageWasm()));
		const threshold = process.env.LABO_JIT_THRESHOLD ? Number(process.env.LABO_JIT_THRESHOLD) : LAB_JIT_THRESHOLD;
		return WebAssembly.compile(withJitThreshold(stock, threshold));
	})();
	return nodeV86Module;
}
