/// <reference lib="webworker" />
/**
 * The lab machine's own thread. v86 runs here rather than in the page: its
 * slices of guest time, restoring, saving and compressing a ~70 MB state,
 * decompressing guest files never hold up the page's main thread, where the
 * learner types and scrolls (figures in bench/results/lab-browser.md). The
 * page drives it through `WorkerMachine` (v86-runtime.ts); the messages are
 * in worker-messages.ts.
 */
import { fetchOk, loadBytes, loadImageState, type LoadProgress } from '../loading.ts';
import type { LabVm } from '../v86/lab-vm.ts';
import { loadMachine } from './store.ts';
import { packState, unpackState } from './state-codec.ts';
import type { Calls, CallName, FromWorker, ToWorker } from './worker-messages.ts';
import { keepFiles, markPrepared, readJournal, type JournalTarget, type KeptFiles } from './worker-journal.ts';
import { InputGate } from './input-gate.ts';
import { clockOrTimeout, setGuestClockOrWarn } from '../guest-clock.ts';

performance.mark('labo:worker-charge');
/**
 * v86 and the rest of the runtime (~0.45 MB of script): evaluating it holds
 * this thread for a while, so it is asked for once the reads are under way.
 */
let runtime: Promise<typeof import('../v86/lab-vm.ts')> | undefined;
function loadRuntime(): Promise<typeof import('../v86/lab-vm.ts')> {
	runtime ??= marked('labo:v86-charge', import('../v86/lab-vm.ts'));
	return runtime;
}
const scope = self as unknown as DedicatedWorkerGlobalScope;
let vm: LabVm | undefined;
/** The file journal of the running machine, when the page asked for one. */
let files: (KeptFiles & { target: JournalTarget }) | undefined;
/** The learner's keys, held back while the guest drops stale copies of files put back. */
const input = new InputGate((data) => vm?.write(data));

function post(message: FromWorker): void {
	scope.postMessage(message);
}

/** v86.wasm compiled while it downloads; a server that sends it with the wrong type gets a plain compile. */
async function compileWasm(path: string): Promise<WebAssembly.Module> {
	const response = await fetchOk(path);
	if (response.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
	return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * What a boot needs from the network or the cache, asked for as soon as the
 * page knows which image its lab uses: reading the state and compiling v86
 * overlap with the page's own loading, instead of following it.
 */
interface Reads {
	inputsHash: string;
	/** The BIOS files, which v86 would otherwise fetch one after the other once started. */
	bios: Promise<{ bios: ArrayBuffer; vgaBios: ArrayBuffer } | undefined>;
	/** Undefined when it could not be compiled here: v86 then loads it itself, with its fallback build. */
	wasm: Promise<WebAssembly.Module | undefined>;
	/** Read ahead when the page named its lab; otherwise the boot reads the state it is given. */
	state?: StateRead;
}

/** A state being read: the learner's saved machine for the lab, if one fits the image, else the image's own. */
interface StateRead {
	/** When the saved machine being read was saved; undefined: the image's state is read. */
	savedAt: Promise<string | undefined>;
	bytes: Promise<ArrayBuffer>;
}
let reads: Reads | undefined;
/** Set by the boot: a read-ahead that arrives later would only hold memory. */
let booted = false;

/** Marks (`labo:…`) time the stages of a start, for the bench (bench/lab-browser.ts). */
async function marked<T>(name: string, promise: Promise<T>): Promise<T> {
	const value = await promise;
	performance.mark(name);
	return value;
}

/**
 * What the read-ahead needs from the manifest, read without validating it
 * (zod stays out of this first module): the page validates the manifest it
 * boots with, and a read-ahead that does not match it is not used.
 */
interface ManifestHead {
	inputsHash: string;
	v86: { initial_state: { url: string; size?: number }; bios: { url: string }; vga_bios: { url: string } };
}

async function fetchManifestHead(url: string): Promise<ManifestHead> {
	return (await (await fetchOk(url)).json()) as ManifestHead;
}

const reportProgress = (progress: LoadProgress) => post({ type: 'progress', progress });

function imageState(manifest: ManifestHead, manifestUrl: string): Promise<ArrayBuffer> {
	return marked('labo:etat-lu', loadImageState(manifest, manifestUrl, reportProgress));
}

/**
 * Looks in this browser's IndexedDB, as the page does, for the learner's
 * machine of `labId`: resuming it then does not read the image's state for
 * nothing, and its unpacking starts now rather than when the page asks.
 */
function readState(manifest: ManifestHead, manifestUrl: string, labId: string): StateRead {
	const saved = loadMachine(labId).then(
		(machine) => (machine?.imageHash === manifest.inputsHash ? machine : undefined),
		() => undefined, // the page finds the same refusal and says it
	);
	const bytes = saved.then((machine) => (machine ? marked('labo:enregistrement-lu', unpackState(machine.state)) : imageState(manifest, manifestUrl)));
	bytes.catch(() => {}); // reported by the boot that awaits it
	return { savedAt: saved.then((machine) => machine?.savedAt), bytes };
}

/** Starts the reads for this image (once), and v86's own loading. */
function startReads(manifestUrl: string, manifest: ManifestHead, wasmPath: string): Reads {
	if (reads?.inputsHash !== manifest.inputsHash) {
		performance.mark('labo:lecture-demandee');
		const file = (url: string) => loadBytes(new URL(url, manifestUrl), () => {});
		reads = {
			inputsHash: manifest.inputsHash,
			wasm: marked('labo:v86-compile', compileWasm(wasmPath)).catch(() => undefined),
			bios: Promise.all([file(manifest.v86.bios.url), file(manifest.v86.vga_bios.url)]).then(
				([bios, vgaBios]) => ({ bios, vgaBios }),
				() => undefined, // v86 fetches them itself
			),
		};
	}
	loadRuntime().catch(() => {}); // reported by the boot that awaits it
	return reads;
}

/** The state the page asked for: the copy read ahead when it is that one. */
async function bootState(ahead: StateRead | undefined, boot: Extract<ToWorker, { type: 'boot' }>): Promise<ArrayBuffer> {
	const aheadSavedAt = ahead ? await ahead.savedAt : undefined;
	if (boot.state) {
		if (ahead && boot.savedAt !== undefined && aheadSavedAt === boot.savedAt) return ahead.bytes;
		// The page read it before this thread could (a busy machine): unpacked here all the same.
		return marked('labo:enregistrement-lu', unpackState(boot.state));
	}
	return ahead && aheadSavedAt === undefined ? ahead.bytes : imageState(boot.manifest, boot.manifestUrl);
}

async function call<K extends CallName>(machine: LabVm, name: K, args: Calls[K]['args']): Promise<unknown> {
	switch (name) {
		case 'run': {
			const { command, timeout } = args as Calls['run']['args'];
			// A check reads files as the learner's commands do: not before the guest has dropped stale copies.
			await input.open;
			const r = await machine.check(command, timeout);
			return { ok: r.ok, status: r.status, output: r.output, timedOut: r.timedOut };
		}
		case 'resize': {
			const { cols, rows } = args as Calls['resize']['args'];
			return machine.resize(cols, rows);
		}
		case 'save':
			// A Blob crosses to the page without a copy of its bytes.
			return packState(await machine.saveState());
		case 'prepared':
			if (files) await markPrepared(files.recorder, files.target, machine.manifest.inputsHash);
			return;
		case 'dispose':
			vm = undefined;
			input.drop();
			// What the guest wrote last is stored before the machine goes.
			await files?.recorder.stop();
			files = undefined;
			return machine.destroy();
	}
	throw new Error(`requête inconnue : ${String(name)}`);
}

scope.onmessage = async ({ data }: MessageEvent<ToWorker>) => {
	switch (data.type) {
		case 'prefetch':
			try {
				const manifest = await fetchManifestHead(data.manifestUrl);
				if (booted) break;
				const started = startReads(data.manifestUrl, manifest, data.wasmPath);
				if (data.labId && !started.state) started.state = readState(manifest, data.manifestUrl, data.labId);
			} catch {
				// The boot fetches again and reports what failed.
			}
			break;
		case 'boot':
			try {
				booted = true;
				const ready = startReads(data.manifestUrl, data.manifest, data.wasmPath);
				const journal = data.journal ? readJournal(data.journal) : undefined;
				journal?.catch(() => {}); // awaited below
				const state = await bootState(ready.state, data);
				// Read alongside the state, and awaited before v86 runs: once the guest runs, its
				// slices can hold IndexedDB's answer back for the better part of a second.
				const entries = journal ? await journal : undefined;
				ready.state = undefined; // the other copy, if any, is let go
				const { LabVm } = await loadRuntime();
				vm = await LabVm.boot({
					manifestUrl: data.manifestUrl,
					manifest: data.manifest,
					state,
					wasmModule: await ready.wasm,
					bios: await ready.bios,
					wasmPath: data.wasmPath,
					// The terminal subscribes after boot: it asks for the redraw itself.
					redraw: false,
					yieldInThisThread: true,
					onProgress: reportProgress,
				});
				performance.mark('labo:machine-restauree');
				// Asked first: the guest's agent answers in order, and the clock should be right before anything is read.
				const clock = setGuestClockOrWarn(vm).then((set) => set && performance.mark('labo:horloge-reglee'));
				let fresh: Promise<void> = Promise.resolve();
				let replayed = 0;
				if (data.journal && entries) {
					const kept = await keepFiles(vm, data.journal, entries, {
						pending: (pending) => post({ type: 'files', pending }),
						error: (message) => post({ type: 'files-failed', message }),
					});
					files = { ...kept, target: data.journal };
					replayed = kept.replayed;
					performance.mark('labo:fichiers-remis');
					fresh = kept.fresh;
					kept.fresh.then(
						() => performance.mark('labo:caches-vides'),
						(error: Error) => post({ type: 'files-failed', message: error.message }),
					);
				}
				input.holdUntil(Promise.allSettled([clockOrTimeout(clock), fresh]));
				// Copied, not transferred: LabVm keeps reading these bytes for its own record.
				vm.onOutput((bytes) => post({ type: 'output', bytes }));
				post({ type: 'booted', replayed });
			} catch (error) {
				post({ type: 'boot-failed', message: (error as Error).message ?? String(error) });
			}
			break;
		case 'write':
			input.write(data.data);
			break;
		case 'call':
			try {
				if (!vm) throw new Error('machine arrêtée');
				post({ type: 'reply', id: data.id, ok: true, result: await call(vm, data.name, data.args) });
			} catch (error) {
				post({ type: 'reply', id: data.id, ok: false, message: (error as Error).message ?? String(error) });
			}
			break;
	}
};

post({ type: 'hello' });
