/**
 * Guest image bench (Node): restore → first answer, first use of beginner
 * commands after a cold restore, bytes fetched, agent round trip, guest CPU
 * speed versus native. `node bench/vm.ts [--out bench/results/vm.json]`;
 * `IMAGE=debian-leger` for the light image, `LABO_JIT_THRESHOLD=200000` for
 * v86's own JIT threshold instead of the labs' (src/machine/v86/jit-threshold.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LabVm } from '../src/machine/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const IMAGE = join(ROOT, 'public/vm', process.env.IMAGE ?? 'debian');
const MANIFEST = pathToFileURL(join(IMAGE, 'manifest.json'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a beginner types first; `until` marks an interactive program's first screen, `quit` leaves it. */
const COMMANDS: Array<{ cmd: string; until?: RegExp; quit?: string }> = [
	{ cmd: 'ls' },
	{ cmd: 'cd /etc' },
	{ cmd: 'pwd' },
	{ cmd: 'cat os-release' },
	{ cmd: 'cd' },
	{ cmd: 'less /etc/os-release', until: /Debian GNU\/Linux 12[\s\S]*(END|\(FIN\)|:)/, quit: 'q' },
	{ cmd: 'nano notes.txt', until: /GNU nano/, quit: '\x18' },
	{ cmd: 'man ls', until: /LS\(1\)[\s\S]*ls/, quit: 'q' },
	{ cmd: 'mkdir projets' },
	{ cmd: 'cp /etc/hostname projets/' },
	{ cmd: 'mv projets/hostname projets/nom' },
	{ cmd: 'chmod 600 projets/nom' },
	{ cmd: 'rm -r projets' },
	{ cmd: 'sudo whoami' },
	{ cmd: 'apt list --installed | tail -n 3' },
	{ cmd: 'ip a' },
	{ cmd: 'ps aux' },
	{ cmd: 'grep eleve /etc/passwd' },
	{ cmd: 'find /etc -name "*.conf" | head' },
	{ cmd: 'systemctl status', until: /State:|État|labo/, quit: 'q' },
	{ cmd: 'journalctl -n 20', until: /labo|systemd/, quit: 'q' },
];

async function restore(): Promise<{ vm: LabVm; firstAnswerMs: number }> {
	const t0 = performance.now();
	const vm = await LabVm.boot({ manifestUrl: MANIFEST });
	await vm.type('echo pret', 20_000);
	return { vm, firstAnswerMs: performance.now() - t0 };
}

function storedBytes(names: string[]): number {
	let total = 0;
	for (const n of new Set(names)) total += statSync(join(IMAGE, 'files', n)).size;
	return total;
}

type FsEntry = [string, number, number, number, number, number, string | FsEntry[]];

/** Stored name (sha + .zst) → path, from the image's 9p index. */
function pathsByStoredName(): Map<string, string> {
	const index = JSON.parse(readFileSync(join(IMAGE, 'fs.json'), 'utf8')) as { fsroot: FsEntry[] };
	const out = new Map<string, string>();
	const walk = (entries: FsEntry[], dir: string) => {
		for (const [name, , , mode, , , target] of entries) {
			if (Array.isArray(target)) walk(target, `${dir}/${name}`);
			else if ((mode & 0o170000) === 0o100000) out.set(target, `${dir}/${name}`);
		}
	};
	walk(index.fsroot, '');
	return out;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
	const manifest = JSON.parse(readFileSync(join(IMAGE, 'manifest.json'), 'utf8'));
	const results: Record<string, unknown> = {
		date: new Date().toISOString(),
		image: manifest.id,
		inputsHash: manifest.inputsHash,
		stateBytes: manifest.v86.initial_state.size,
		stateRawBytes: manifest.v86.initial_state.rawSize,
		buildStats: manifest.stats,
		loadavg: (await import('node:os')).loadavg(),
	};

	// 1. Restore → first command answered (fresh emulator each time).
	const firsts: number[] = [];
	for (let i = 0; i < 3; i++) {
		const { vm, firstAnswerMs } = await restore();
		firsts.push(firstAnswerMs);
		await vm.destroy();
	}
	results.firstAnswerMs = firsts;
	console.log('restauration → première réponse (ms)', firsts.map(Math.round));

	// 2. First use of each command right after a restore; 3. bytes of that session.
	const { vm } = await restore();
	const perCommand: Array<{ cmd: string; ms: number }> = [];
	for (const c of COMMANDS) {
		const t = performance.now();
		if (c.until) {
			vm.clearScreenText();
			vm.write(`${c.cmd}\r`);
			await vm.waitForText(c.until, 60_000);
			const ms = performance.now() - t;
			await sleep(200);
			vm.write(c.quit!);
			await vm.waitForText(/[$#] $/, 20_000);
			perCommand.push({ cmd: c.cmd, ms });
		} else {
			await vm.type(c.cmd, 60_000);
			perCommand.push({ cmd: c.cmd, ms: performance.now() - t });
		}
		console.log(`  ${c.cmd.padEnd(36)} ${Math.round(perCommand.at(-1)!.ms)} ms`);
	}
	results.perCommand = perCommand;
	results.session = {
		stateBytes: vm.stats.stateBytes,
		files: new Set(vm.stats.files).size,
		filesUncompressedBytes: vm.stats.fileBytes,
		filesStoredBytes: storedBytes(vm.stats.files),
		totalBytes: vm.stats.stateBytes + storedBytes(vm.stats.files),
		largestFiles: (() => {
			const paths = pathsByStoredName();
			return [...new Set(vm.stats.files)]
				.map((name) => ({ path: paths.get(name) ?? name, storedBytes: storedBytes([name]) }))
				.sort((a, b) => b.storedBytes - a.storedBytes)
				.slice(0, 15);
		})(),
	};
	console.log('session', results.session);

	// 4. Agent round trip.
	await vm.check('touch ~/x');
	const rtts: number[] = [];
	for (let i = 0; i < 30; i++) rtts.push((await vm.check('test -f ~/x')).durationMs);
	results.agentRoundTripMs = { median: median(rtts), min: Math.min(...rtts), max: Math.max(...rtts) };
	console.log('agent (ms)', results.agentRoundTripMs);

	// 5. Guest CPU versus native, same commands (guest i386 vs host amd64 builds of the same tools).
	const tasks = {
		'sha256 32 Mio': 'head -c 33554432 /dev/zero | sha256sum >/dev/null',
		'md5 32 Mio': 'head -c 33554432 /dev/zero | md5sum >/dev/null',
		'boucle bash 20000': 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done',
		'seq | gzip': 'seq 1 200000 | gzip -6 >/dev/null',
	};
	const cpu: Record<string, { guestMs: number; nativeMs: number; ratio: number }> = {};
	for (const [name, cmd] of Object.entries(tasks)) {
		const r = await vm.check(`s=$(date +%s%N); ${cmd}; e=$(date +%s%N); echo $(( (e-s)/1000000 ))`, 120);
		const guestMs = Number(r.output.trim().split('\n').at(-1));
		const t = performance.now();
		execFileSync('bash', ['-c', cmd]);
		const nativeMs = performance.now() - t;
		cpu[name] = { guestMs, nativeMs: Math.round(nativeMs), ratio: Math.round((guestMs / nativeMs) * 10) / 10 };
		console.log(`  cpu ${name}: invité ${guestMs} ms, natif ${Math.round(nativeMs)} ms`);
	}
	results.cpu = cpu;
	await vm.destroy();

	const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : join(ROOT, 'bench/results/vm.json');
	writeFileSync(out, JSON.stringify(results, null, '\t'));
	console.log(`résultats : ${out}`);
	process.exit(0);
}

await main();
