/**
 * The labs' v86 compiles guest code later than v86's own build
 * (src/machine/v86/jit-threshold.ts): a command typed once after a restore gets
 * fewer of its pages compiled. Counted, not timed: the compiled pages are
 * the functions v86 keeps in its table; their time is in bench/vm.ts.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LabVm } from '../../src/machine/index.ts';
import { v86PackageWasm } from '../../src/machine/v86/jit-threshold.ts';
import { manifestPath, requireImage } from './guest.ts';

const IMAGE = 'debian-leger';
/** v86 puts the function it compiles for a page at this index of its table, plus the page's slot. */
const FIRST_JIT_SLOT = 1024;

interface V86Table {
	v86: { cpu: { wm: { wasm_table: WebAssembly.Table } } };
}

/** Functions v86 has compiled from guest code and still holds. */
function compiledPages(vm: LabVm): number {
	const table = (vm.emulator as unknown as V86Table).v86.cpu.wm.wasm_table;
	let count = 0;
	for (let i = FIRST_JIT_SLOT; i < table.length; i++) if (table.get(i) !== null) count++;
	return count;
}

/** Restores the image, types what a beginner types once, and counts what v86 compiled meanwhile. */
async function pagesCompiledBy(wasmModule?: WebAssembly.Module): Promise<number> {
	const vm = await LabVm.boot({ manifestUrl: pathToFileURL(manifestPath(IMAGE)), wasmModule });
	try {
		await vm.type('echo pret', 20_000);
		const before = compiledPages(vm);
		await vm.type('ps aux > /dev/null; find /etc -name "*.conf" > /dev/null; sudo true', 60_000);
		// Compiled modules are instantiated asynchronously: let the last ones land.
		await new Promise((r) => setTimeout(r, 300));
		return compiledPages(vm) - before;
	} finally {
		await vm.destroy();
	}
}

describe('seuil du compilateur de v86 dans les labos', () => {
	it('compile moins de pages pour des commandes tapées une fois que le v86 d’origine', async () => {
		requireImage(IMAGE);
		const stock = await WebAssembly.compile(readFileSync(v86PackageWasm()));
		const withStock = await pagesCompiledBy(stock);
		const withLabs = await pagesCompiledBy();
		expect(withStock).toBeGreaterThan(0);
		expect(withLabs).toBeLessThan(withStock / 2);
	}, 120_000);
});
