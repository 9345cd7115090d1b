/**
 * Build-time boot: cold-boots the packed image in Node with v86, waits for the
 * logged-in prompt, runs what beginners type first once (first-run state,
 * directory cache), drops the page cache and saves the machine state (zstd).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { LabVm } from '../../src/machine/v86/lab-vm.ts';
import type { GuestManifest } from '../../src/machine/manifest.ts';
import type { WarmupStep } from './recipe.ts';

const zstdCompress = promisify(zlib.zstdCompress);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SnapshotResult {
	bootSeconds: number;
	rawBytes: number;
	compressedBytes: number;
	memUsedKiB: number;
	processes: number;
	systemState: string;
}

export async function snapshot(
	manifest: GuestManifest,
	manifestFile: string,
	stateFile: string,
	warmup: WarmupStep[],
	log: (line: string) => void,
): Promise<SnapshotResult> {
	const t0 = performance.now();
	const vm = await LabVm.boot({ manifestUrl: pathToFileURL(manifestFile), manifest, cold: true });
	// LABO_CONSOLE_LOG=file keeps the guest console of the build boot, for debugging.
	const consoleLog = process.env.LABO_CONSOLE_LOG;
	if (consoleLog) {
		writeFileSync(consoleLog, '');
		vm.onOutput((bytes) => appendFileSync(consoleLog, bytes));
	}
	try {
		await vm.waitForPrompt(900_000).catch((error: Error) => {
			throw new Error(`${error.message}\n--- fin de la console ---\n${vm.screenText.slice(-2000)}`);
		});
		const bootSeconds = (performance.now() - t0) / 1000;
		log(`invite atteinte en ${bootSeconds.toFixed(1)} s`);
		await vm.waitForAgent(60_000);
		const state = await vm.check('systemctl is-system-running --wait 2>/dev/null || true', 90);
		log(`systemd : ${state.output.trim() || '(sans systemd)'}`);

		// Drop what booting left in the page cache, then load what beginners use.
		await vm.check('sync; echo 3 > /proc/sys/vm/drop_caches');
		for (const step of warmup) {
			const run = typeof step === 'string' ? step : step.run;
			const t = performance.now();
			if (typeof step === 'string') {
				await vm.type(run, 120_000);
			} else {
				// Keys sent before the program is drawn would be lost: wait for its screen.
				vm.clearScreenText();
				vm.write(`${run}\r`);
				await vm.waitForText(new RegExp(step.until), 120_000);
				await sleep(300);
				vm.write(step.quit);
				await vm.waitForText(/[$#] $/, 120_000);
			}
			log(`  préchauffage « ${run} » : ${((performance.now() - t) / 1000).toFixed(2)} s`);
		}
		// A clean terminal and history for the learner.
		// History is appended at every prompt (profile.d/labo.sh): empty the file too,
		// or the warm-up commands would pass history-based lab checks.
		await vm.type(' history -c; : > ~/.bash_history; clear', 10_000);
		const info = await vm.check("free -k | awk '/^Mem:/ {print $3}'; ps -e --no-headers | wc -l");
		const [mem, procs] = info.output.trim().split('\n');
		// Page cache dropped (freed pages are zeroed: init_on_free=1): measured
		// 20.95 → 14.06 MB compressed; files come back lazily over 9p, and only
		// those a session reads. Directory entries and inodes stay cached.
		await vm.check('sync; echo 1 > /proc/sys/vm/drop_caches; echo 1 > /proc/sys/vm/compact_memory || true', 120);
		await sleep(500);
		const raw = await vm.saveState();
		const compressed = await zstdCompress(new Uint8Array(raw), {
			params: { [zlib.constants.ZSTD_c_compressionLevel]: 19 },
		});
		writeFileSync(stateFile, compressed);
		return {
			bootSeconds,
			rawBytes: raw.byteLength,
			compressedBytes: compressed.length,
			memUsedKiB: Number(mem),
			processes: Number(procs),
			systemState: state.output.trim(),
		};
	} finally {
		await vm.destroy();
	}
}
