/**
 * Proxmox lab bench (Node): the image « proxmox » restored from its snapshot,
 * then what a learner does first, timed: pveam download, pct create, pct
 * start until pct exec answers, the pct enter prompt, vzdump, pct restore;
 * free memory, bytes fetched over 9p, the snapshot's size, what a browser
 * would download for the session (boot files, snapshot, compressed files read)
 * and the size of the machine the page would save at its end.
 * `node bench/proxmox-lab.ts [--out bench/results/proxmox-lab.json]`;
 * `IMAGE_DIR=/other/public/vm/proxmox` for an image built elsewhere;
 * `--gzip-path` takes the shifted copy of the template away first, so that
 * the containers unpack as on a real host (gzip, then chown): the yardstick
 * of that copy (`farm-bench --vs`).
 * Targets (issue 16): pct create ≤ 3 s, pct start → pct exec 101 -- true ≤ 8 s,
 * pct enter prompt ≤ 2 s, compressed snapshot ≤ 14 MB.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { LabVm } from '../src/machine/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const IMAGE = process.env.IMAGE_DIR ?? join(ROOT, 'public/vm/proxmox');
const TEMPLATE = 'debian-12-labo_12.0-1_i386.tar.gz';

async function timed(vm: LabVm, command: string, timeoutS = 110): Promise<{ seconds: number; output: string }> {
	const started = performance.now();
	const result = await vm.check(command, timeoutS);
	const seconds = Math.round((performance.now() - started) / 10) / 100;
	if (!result.ok) throw new Error(`${command} : code ${result.status}\n${result.output}`);
	return { seconds, output: result.output };
}

async function main(): Promise<void> {
	const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
	const t0 = performance.now();
	const vm = await LabVm.boot({ manifestUrl: pathToFileURL(join(IMAGE, 'manifest.json')) });
	await vm.waitForAgent(60_000);
	const firstAnswer = (performance.now() - t0) / 1000;
	const memAvailable = async () => Number((await timed(vm, "awk '/^MemAvailable/ { print $2 }' /proc/meminfo")).output);
	const results: Record<string, number | string> = {
		image: IMAGE,
		stateBytes: vm.manifest.v86.initial_state.size ?? 0,
		stateRawBytes: vm.manifest.v86.initial_state.rawSize ?? 0,
		memoryMiB: (vm.manifest.v86.memory_size ?? 0) / 1048576,
		firstAnswerSeconds: Math.round(firstAnswer * 100) / 100,
		memAvailableKiBAtPrompt: await memAvailable(),
	};
	if (process.argv.includes('--gzip-path')) {
		results.path = 'gzip';
		await timed(vm, `mv /usr/share/labo-pve/unprivileged/${TEMPLATE.replace(/\.gz$/, '')} /root/`);
	}
	results.pveamDownloadSeconds = (await timed(vm, `pveam download local ${TEMPLATE}`)).seconds;
	results.pctCreateSeconds = (
		await timed(vm, `pct create 101 local:vztmpl/${TEMPLATE} --hostname web --memory 64 --net0 name=eth0,bridge=vmbr0,ip=10.10.10.101/24,gw=10.10.10.1 --rootfs local:1`)
	).seconds;
	results.pctStartToExecSeconds = (await timed(vm, 'pct start 101 && pct exec 101 -- true')).seconds;
	results.pctExecSeconds = (await timed(vm, 'pct exec 101 -- true')).seconds;
	results.pctListSeconds = (await timed(vm, 'pct list')).seconds;
	results.memAvailableKiBOneContainer = await memAvailable();
	results.containerMemoryCurrentKiB = Math.round(Number((await timed(vm, 'lxc-cgroup -n 101 memory.current')).output) / 1024);

	// pct enter typed in the learner's terminal, as in the lab, until the container's prompt.
	vm.clearScreenText();
	const enterStarted = performance.now();
	vm.write('pct enter 101\r');
	await vm.waitForText(/root@web:~# /, 30_000);
	results.pctEnterPromptSeconds = Math.round((performance.now() - enterStarted) / 10) / 100;
	vm.write('exit\r');
	await vm.waitForPrompt(30_000);

	results.pctCreate2Seconds = (
		await timed(vm, `pct create 102 local:vztmpl/${TEMPLATE} --hostname db --memory 64 --net0 name=eth0,bridge=vmbr0,ip=10.10.10.102/24 --start 1`)
	).seconds;
	results.memAvailableKiBTwoContainers = await memAvailable();
	results.pingSeconds = (await timed(vm, 'pct exec 101 -- ping -c 1 10.10.10.102')).seconds;
	results.vzdumpSeconds = (await timed(vm, 'vzdump 101 --compress zstd')).seconds;
	const archive = (await timed(vm, 'ls /var/lib/vz/dump | grep "\\.tar\\.zst$" | head -n 1')).output;
	results.archiveBytes = Number((await timed(vm, `stat -c %s /var/lib/vz/dump/${archive}`)).output);
	results.pctRestoreSeconds = (await timed(vm, `pct restore 103 local:backup/${archive} --hostname copie --net0 name=eth0,bridge=vmbr0,ip=10.10.10.103/24`)).seconds;
	results.pctStopSeconds = (await timed(vm, 'pct stop 102')).seconds;
	results.pctDestroySeconds = (await timed(vm, 'pct destroy 102')).seconds;
	// The learner's saved machine after this session (the page gzips the state: state-codec.ts).
	results.savedMachineBytes = gzipSync(new Uint8Array(await vm.saveState())).byteLength;
	results.sessionFiles = vm.stats.files.length;
	results.sessionFileBytes = vm.stats.fileBytes;
	// What a browser downloads for this session: the boot files, the compressed
	// snapshot and each file the guest read, compressed as the site serves it.
	const size = (name: string) => (existsSync(join(IMAGE, name)) ? statSync(join(IMAGE, name)).size : 0);
	const bootBytes = ['manifest.json', 'fs.json', 'bios.bin', 'vgabios.bin'].reduce((sum, name) => sum + size(name), 0);
	// fs.json names each file as stored: `<sha256>.zst`, or `<sha256>` when compressing did not pay.
	const fileBytes = [...new Set(vm.stats.files)].reduce((sum, stored) => sum + size(join('files', stored)), 0);
	results.sessionTransferBytes = bootBytes + Number(results.stateBytes) + fileBytes;
	await vm.destroy();
	console.log(JSON.stringify(results, null, '\t'));
	if (out) writeFileSync(out, `${JSON.stringify(results, null, '\t')}\n`);
	process.exit(0);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
