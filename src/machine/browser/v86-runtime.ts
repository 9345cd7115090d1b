import v86WasmUrl from 'v86/build/v86.wasm?url';
import { guestManifest } from '../../site-paths.ts';
import { fetchOk } from '../loading.ts';
import { parseManifest, type GuestManifest } from '../manifest.ts';
import type { LoadProgress } from '../loading.ts';
import type { CommandResult, KeptFiles, LabMachine, LabRuntime, StartOptions, StartProgress } from '../machine.ts';
import { preferredThread, type MachineThread } from './thread.ts';
import { packState, unpackState } from './state-codec.ts';
import type { Calls, CallName, FromWorker, ToWorker } from './worker-messages.ts';
import { InputGate } from './input-gate.ts';
import { clockOrTimeout, setGuestClockOrWarn } from '../guest-clock.ts';

/** Guest images are published by the build at `vm/<image>/manifest.json`. */
export function manifestUrl(image: string, base: string | URL = location.href): URL {
	return new URL(guestManifest(image), base);
}

async function fetchManifest(url: URL): Promise<GuestManifest> {
	return parseManifest(await (await fetchOk(url)).json(), url.href);
}

/** Served by this site, like every other file the lab needs. */
function wasmPath(): string {
	return new URL(v86WasmUrl, location.href).href;
}

const toStartProgress = (p: LoadProgress): StartProgress => ({ loaded: p.loaded, total: p.total, message: p.message });

/** Listeners of a machine's file journal, fed by whatever thread records it. */
class KeptFilesEvents implements KeptFiles {
	readonly replayed: number;
	readonly #pending = new Set<(pending: boolean) => void>();
	readonly #errors = new Set<(message: string) => void>();
	readonly #markPrepared: () => Promise<void>;

	constructor(replayed: number, markPrepared: () => Promise<void>) {
		this.replayed = replayed;
		this.#markPrepared = markPrepared;
	}

	onPending(listener: (pending: boolean) => void): () => void {
		this.#pending.add(listener);
		return () => this.#pending.delete(listener);
	}

	onError(listener: (message: string) => void): () => void {
		this.#errors.add(listener);
		return () => this.#errors.delete(listener);
	}

	markPrepared(): Promise<void> {
		return this.#markPrepared();
	}

	pending(pending: boolean): void {
		for (const listener of this.#pending) listener(pending);
	}

	failed(message: string): void {
		for (const listener of this.#errors) listener(message);
	}
}

/** The worker could not even load (old browser, script blocked): the page runs v86 instead. */
class WorkerUnavailable extends Error {}

/** A machine whose v86 runs in a dedicated worker (v86-worker.ts). */
class WorkerMachine implements LabMachine {
	readonly imageHash: string;
	files?: KeptFilesEvents;
	readonly #worker: Worker;
	readonly #listeners = new Set<(bytes: Uint8Array) => void>();
	readonly #calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	#nextId = 1;
	#stopped?: Error;

	constructor(worker: Worker, imageHash: string) {
		this.#worker = worker;
		this.imageHash = imageHash;
		worker.addEventListener('message', ({ data }: MessageEvent<FromWorker>) => {
			if (data.type === 'output') for (const listener of this.#listeners) listener(data.bytes);
			else if (data.type === 'files') this.files?.pending(data.pending);
			else if (data.type === 'files-failed') this.files?.failed(data.message);
			else if (data.type === 'reply') {
				const pending = this.#calls.get(data.id);
				if (!pending) return;
				this.#calls.delete(data.id);
				if (data.ok) pending.resolve(data.result);
				else pending.reject(new Error(data.message));
			}
		});
		worker.addEventListener('error', (event) => {
			event.preventDefault();
			this.#stop(new Error(`la machine s’est arrêtée : ${event.message || 'erreur inconnue'}`));
		});
	}

	#call<K extends CallName>(name: K, args: Calls[K]['args']): Promise<Calls[K]['result']> {
		if (this.#stopped) return Promise.reject(this.#stopped);
		const id = this.#nextId++;
		return new Promise((resolve, reject) => {
			this.#calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.#worker.postMessage({ type: 'call', id, name, args } as ToWorker);
		});
	}

	#stop(reason: Error): void {
		this.#stopped ??= reason;
		for (const pending of this.#calls.values()) pending.reject(reason);
		this.#calls.clear();
	}

	onOutput(listener: (bytes: Uint8Array) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	write(data: string | Uint8Array): void {
		if (!this.#stopped) this.#worker.postMessage({ type: 'write', data } satisfies ToWorker);
	}

	resize(cols: number, rows: number): Promise<void> {
		return this.#call('resize', { cols, rows });
	}

	run(command: string, timeoutSeconds: number): Promise<CommandResult> {
		return this.#call('run', { command, timeout: timeoutSeconds });
	}

	save(): Promise<Blob> {
		return this.#call('save', {});
	}

	/** Called once booted, when the worker keeps the files. */
	keepFiles(replayed: number): void {
		this.files = new KeptFilesEvents(replayed, () => this.#call('prepared', {}));
	}

	async dispose(): Promise<void> {
		if (this.#stopped) return;
		// v86 frees its memory; a worker that does not answer is stopped anyway.
		await Promise.race([this.#call('dispose', {}).catch(() => {}), new Promise((resolve) => setTimeout(resolve, 3000))]);
		this.#stop(new Error('machine arrêtée'));
		this.#worker.terminate();
	}
}

/** A worker whose module may still be loading; `loaded` rejects with `WorkerUnavailable`. */
interface SpawnedWorker {
	worker: Worker;
	loaded: Promise<void>;
}

function spawnWorker(): SpawnedWorker {
	let worker: Worker;
	try {
		// A module worker (Vite's dev server serves it as one); browsers without them throw here or fail to load it.
		worker = new Worker(new URL('./v86-worker.ts', import.meta.url), { type: 'module', name: 'machine-du-labo' });
	} catch (error) {
		const loaded = Promise.reject(new WorkerUnavailable(typeof Worker === 'undefined' ? 'Web Workers absents' : (error as Error).message));
		loaded.catch(() => {}); // `start` awaits it and falls back to the page
		return { worker: undefined as unknown as Worker, loaded };
	}
	// Until the worker says hello, an error means its script did not load.
	const loaded = new Promise<void>((resolve, reject) => {
		const onMessage = ({ data }: MessageEvent<FromWorker>) => {
			if (data.type !== 'hello') return;
			worker.removeEventListener('error', onError);
			worker.removeEventListener('message', onMessage);
			resolve();
		};
		const onError = (event: ErrorEvent) => {
			event.preventDefault();
			reject(new WorkerUnavailable(event.message || 'script du worker non chargé'));
		};
		worker.addEventListener('message', onMessage);
		worker.addEventListener('error', onError);
	});
	loaded.catch(() => worker.terminate());
	return { worker, loaded };
}

async function startInWorker(
	spawned: SpawnedWorker,
	url: URL,
	manifest: GuestManifest,
	saved: Pick<StartOptions, 'state' | 'savedAt' | 'keepFiles'>,
	onProgress: StartOptions['onProgress'],
): Promise<LabMachine> {
	const { worker } = spawned;
	await spawned.loaded;
	try {
		const machine = new WorkerMachine(worker, manifest.inputsHash);
		await new Promise<void>((resolve, reject) => {
			const onMessage = ({ data }: MessageEvent<FromWorker>) => {
				if (data.type === 'progress') onProgress?.(toStartProgress(data.progress));
				else if (data.type === 'booted' || data.type === 'boot-failed') {
					worker.removeEventListener('message', onMessage);
					worker.removeEventListener('error', onError);
					if (data.type === 'booted') {
						if (saved.keepFiles) machine.keepFiles(data.replayed);
						resolve();
					} else reject(new Error(data.message));
				}
			};
			const onError = (event: ErrorEvent) => reject(new Error(event.message || 'la machine s’est arrêtée au démarrage'));
			worker.addEventListener('message', onMessage);
			worker.addEventListener('error', onError);
			const { keepFiles, ...state } = saved;
			const message: ToWorker = { type: 'boot', manifestUrl: url.href, manifest, ...state, journal: keepFiles, wasmPath: wasmPath() };
			worker.postMessage(message);
		});
		return machine;
	} catch (error) {
		worker.terminate();
		throw error;
	}
}

async function startInPage(url: URL, manifest: GuestManifest, options: StartOptions): Promise<LabMachine> {
	const { state, onProgress, keepFiles: target } = options;
	// Loaded only here: with the worker, v86 never enters the page's bundle.
	const { LabVm } = await import('../v86/lab-vm.ts');
	const journal = target ? import('./worker-journal.ts') : undefined;
	const vm = await LabVm.boot({
		manifestUrl: url,
		manifest,
		state: state ? await unpackState(state) : undefined,
		wasmPath: wasmPath(),
		redraw: false,
		onProgress: (p) => onProgress?.(toStartProgress(p)),
	});
	let files: KeptFilesEvents | undefined;
	let stopRecording = async () => {};
	// As in the worker: the prompt shows at once, the learner's first command waits for the clock and stale caches.
	const input = new InputGate((data) => vm.write(data));
	const clock = setGuestClockOrWarn(vm);
	let fresh: Promise<void> = Promise.resolve();
	if (target && journal) {
		const { keepFiles, markPrepared, readJournal } = await journal;
		const kept = await keepFiles(vm, target, await readJournal(target), {
			pending: (pending) => files?.pending(pending),
			error: (message) => files?.failed(message),
		});
		files = new KeptFilesEvents(kept.replayed, () => markPrepared(kept.recorder, target, manifest.inputsHash));
		stopRecording = () => kept.recorder.stop();
		fresh = kept.fresh;
		kept.fresh.catch((error: Error) => files?.failed(error.message));
	}
	input.holdUntil(Promise.allSettled([clockOrTimeout(clock), fresh]));
	return {
		imageHash: manifest.inputsHash,
		files,
		onOutput: (listener) => vm.onOutput(listener),
		write: (data) => input.write(data),
		resize: (cols, rows) => vm.resize(cols, rows),
		run: async (command, timeoutSeconds) => {
			await input.open;
			const r = await vm.check(command, timeoutSeconds);
			return { ok: r.ok, status: r.status, output: r.output, timedOut: r.timedOut };
		},
		save: async () => packState(await vm.saveState()),
		dispose: async () => {
			input.drop();
			await stopRecording();
			await vm.destroy();
		},
	};
}

/** Runs labs in a Debian guest emulated by v86, in a worker of this page. */
export class V86Runtime implements LabRuntime {
	readonly #base: string | URL;
	readonly #thread: MachineThread;
	readonly #manifests = new Map<string, Promise<GuestManifest>>();
	/** Workers started by `prepare`, reading their image ahead, each waiting for its `start`. */
	readonly #prepared = new Map<string, SpawnedWorker>();

	constructor(base: string | URL = location.href, thread: MachineThread = preferredThread()) {
		this.#base = base;
		this.#thread = thread;
	}

	#manifest(image: string): Promise<GuestManifest> {
		let manifest = this.#manifests.get(image);
		if (!manifest) {
			manifest = fetchManifest(manifestUrl(image, this.#base));
			this.#manifests.set(image, manifest);
			manifest.catch(() => this.#manifests.delete(image));
		}
		return manifest;
	}

	async imageHash(image: string): Promise<string> {
		return (await this.#manifest(image)).inputsHash;
	}

	/**
	 * Starts the machine's worker now and has it read the image's state and
	 * compile v86 while the page goes on loading; `start` then uses it.
	 */
	prepare(image: string, labId?: string): void {
		if (this.#thread !== 'worker' || this.#prepared.has(image)) return;
		performance.mark('labo:preparation');
		const spawned = spawnWorker();
		this.#prepared.set(image, spawned);
		// Posted at once: the worker reads it when its module has loaded,
		// and fetches the manifest itself, off this busy main thread.
		const message: ToWorker = { type: 'prefetch', manifestUrl: manifestUrl(image, this.#base).href, wasmPath: wasmPath(), labId };
		spawned.worker?.postMessage(message);
	}

	async start(options: StartOptions): Promise<LabMachine> {
		const { image, state, savedAt, keepFiles, onProgress } = options;
		const manifest = await this.#manifest(image);
		const url = manifestUrl(image, this.#base);
		if (this.#thread === 'worker') {
			const spawned = this.#prepared.get(image) ?? spawnWorker();
			this.#prepared.delete(image);
			try {
				return await startInWorker(spawned, url, manifest, { state, savedAt, keepFiles }, onProgress);
			} catch (error) {
				if (!(error instanceof WorkerUnavailable)) throw error;
				console.warn(`Machine du laboratoire lancée dans la page : le worker n’a pas pu démarrer (${error.message}).`);
			}
		}
		return startInPage(url, manifest, options);
	}
}

let shared: V86Runtime | undefined;

/**
 * The page's runtime: the one that `lab-prepare.client.ts` asks to read an
 * image ahead is the one the lab element starts the machine with.
 */
export function sharedV86Runtime(): V86Runtime {
	shared ??= new V86Runtime();
	return shared;
}
