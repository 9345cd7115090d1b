/**
 * The v86.wasm the site serves: v86's own build with the labs' JIT threshold
 * (src/machine/v86/jit-threshold.ts). The lab runtime imports
 * `v86/build/v86.wasm?url`; this Vite plugin points that import at the
 * tuned copy, written under `.cache/v86/` (never in git) from the installed
 * package, so that `astro dev` and `astro build` serve the same bytes as the
 * Node runtime runs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { v86PackageWasm, withJitThreshold } from '../machine/v86/jit-threshold.ts';

const IMPORT = 'v86/build/v86.wasm?url';

/** Writes the tuned copy when it differs from what is there (an unchanged file keeps its dev-server cache). */
function writeTuned(root: string): string {
	const tuned = withJitThreshold(readFileSync(v86PackageWasm()));
	const dir = join(root, '.cache/v86');
	const file = join(dir, 'v86.wasm');
	if (!existsSync(file) || !readFileSync(file).equals(tuned)) {
		mkdirSync(dir, { recursive: true });
		writeFileSync(file, tuned);
	}
	return file;
}

export function labV86Wasm(): Plugin {
	let root = process.cwd();
	let file: string | undefined;
	return {
		name: 'boreale:v86-wasm',
		enforce: 'pre',
		configResolved(config) {
			root = config.root;
		},
		resolveId(source) {
			if (source !== IMPORT) return null;
			file ??= writeTuned(root);
			return `${file}?url`;
		},
	};
}
