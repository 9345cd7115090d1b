import v86WasmUrl from 'v86/build/v86.wasm?url';
import { LabVm, loadManifest, type GuestManifest } from '../vm/index.ts';
import type { LabMachine, LabRuntime, StartOptions } from './runtime.ts';

/** Guest images are published by the build at `/vm/<image>/manifest.json`. */
export function manifestUrl(image: string, base: string | URL = location.href): URL {
	return new URL(`/vm/${image}/manifest.json`, base);
}

/** Runs labs in a Debian guest emulated by v86, in this page. */
export class V86Runtime implements LabRuntime {
	readonly #base: string | URL;
	readonly #manifests = new Map<string, Promise<GuestManifest>>();

	constructor(base: string | URL = location.href) {
		this.#base = base;
	}

	#manifest(image: string): Promise<GuestManifest> {
		let manifest = this.#manifests.get(image);
		if (!manifest) {
			manifest = loadManifest(manifestUrl(image, this.#base));
			this.#manifests.set(image, manifest);
			manifest.catch(() => this.#manifests.delete(image));
		}
		return manifest;
	}

	async imageHash(image: string): Promise<string> {
		return (await this.#manifest(image)).inputsHash;
	}

	async start({ image, state, onProgress }: StartOptions): Promise<LabMachine> {
		const manifest = await this.#manifest(image);
		const vm = await LabVm.boot({
			manifestUrl: manifestUrl(image, this.#base),
			manifest,
			state,
			// Served by this site, like every other file the lab needs.
			wasmPath: v86WasmUrl,
			// The terminal subscribes after boot: it asks for the redraw itself.
			redraw: false,
			onProgress: (p) => onProgress?.({ loaded: p.loaded, total: p.total, message: p.message }),
		});
		return {
			imageHash: manifest.inputsHash,
			onOutput: (listener) => vm.onOutput(listener),
			write: (data) => vm.write(data),
			resize: (cols, rows) => vm.resize(cols, rows),
			run: async (command, timeoutSeconds) => {
				const r = await vm.check(command, timeoutSeconds);
				return { ok: r.ok, status: r.status, output: r.output, timedOut: r.timedOut };
			},
			save: () => vm.saveState(),
			dispose: () => vm.destroy(),
		};
	}
}
