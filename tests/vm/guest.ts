import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LabVm } from '../../src/vm/index.ts';
import type { LabMachine } from '../../src/labs/runtime.ts';
import { packState } from '../../src/labs/state-codec.ts';

/** The image the site publishes; `npm run images` builds it. */
export const MANIFEST = 'public/vm/debian/manifest.json';

export function requireImage(): void {
	if (!existsSync(MANIFEST)) throw new Error(`Image invitée absente (${MANIFEST}) : lance « npm run images ».`);
}

/** Boots the published image in Node and keeps its clean state for cheap restores. */
export async function bootGuest(): Promise<{ vm: LabVm; clean: ArrayBuffer; machine: LabMachine }> {
	requireImage();
	const vm = await LabVm.boot({ manifestUrl: pathToFileURL(MANIFEST) });
	await vm.waitForAgent(60_000);
	const stateUrl = new URL(vm.manifest.v86.initial_state.url, pathToFileURL(MANIFEST));
	const bytes = readFileSync(stateUrl);
	const clean = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
	const machine: LabMachine = {
		imageHash: vm.manifest.inputsHash,
		onOutput: (listener) => vm.onOutput(listener),
		write: (data) => vm.write(data),
		resize: (cols, rows) => vm.resize(cols, rows),
		run: (command, timeout) => vm.check(command, timeout),
		save: async () => packState(await vm.saveState()),
		dispose: () => vm.destroy(),
	};
	return { vm, clean, machine };
}

/** Back to the image's clean state, agent answering. */
export async function restoreClean(vm: LabVm, clean: ArrayBuffer): Promise<void> {
	await vm.restoreState(clean);
	await vm.waitForAgent(30_000);
}
