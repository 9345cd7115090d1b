/**
 * Lab VM runtime: boots a guest image from its manifest with v86, in the
 * browser or in Node (tests, bench, image build). The learner's terminal is
 * serial 0 (a byte stream); checks go through the agent on serial 1.
 */
import { V86 } from 'v86';
import { AgentClient } from './agent.ts';
import type { CheckResult } from './agent.ts';
import { fillFidHoles, repairFidHoles, type V86With9p } from './nine-p-fids.ts';
import { LAB_JIT_THRESHOLD, v86PackageWasm, withJitThreshold } from './v86-jit-threshold.ts';
import { parseManifest, type GuestManifest } from './manifest.ts';
import { loadBytes, loadImageState, nodePath, type LoadProgress } from './loading.ts';
import { yieldInThisThread, type V86Runner } from './yield-in-thread.ts';

export type { CheckResult } from './agent.ts';
export type { GuestManifest } from './manifest.ts';
export { loadImageState } from './loading.ts';
export type { LoadPhase, LoadProgress } from './loading.ts';

export interface BootOptions {
	/** Absolute URL of the manifest: `https:`/`http:` in a browser, `file:` in Node. */
	manifestUrl: string | URL;
	/** Already fetched manifest (skips the request). */
	manifest?: GuestManifest;
	/** Boot the kernel instead of restoring the snapshot (image build only). */
	cold?: boolean;
	/** A state from `saveState()` (e.g. kept in IndexedDB) to resume instead of the image's. */
	state?: ArrayBuffer;
	/** Where `http://depot.labo/apt/` of the guest goes; default from the manifest. */
	aptBaseUrl?: string | URL;
	/** v86.wasm location, served with the labs' JIT threshold (src/integrations/v86-wasm.ts). */
	wasmPath?: string;
	/**
	 * v86.wasm already compiled (while the state was read): v86 only instantiates it.
	 * In Node, without either option: the v86 package's build with the labs' JIT threshold.
	 */
	wasmModule?: WebAssembly.Module;
	/** The manifest's BIOS files, already read. */
	bios?: { bios: ArrayBuffer; vgaBios: ArrayBuffer };
	onProgress?: (progress: LoadProgress) => void;
	/** Send Ctrl-L once restored so the current screen (prompt) is drawn. @default true */
	redraw?: boolean;
	/** Run v86's loop without its helper worker (yield-in-thread.ts): for a v86 that has a worker to itself. */
	yieldInThisThread?: boolean;
}

/** The part of v86's fetch network backend that #routeApt adapts. */
interface FetchAdapter {
	fetch: typeof fetch;
	form_response_head(status: number, text: string, headers: Headers): Uint8Array;
}

/** Carries a body's length past v86, which strips Content-Length (see #routeApt). */
const BODY_LENGTH_HEADER = 'x-labo-longueur';

/** What the VM fetched so far (for progress and the bench). */
export interface TrafficStats {
	/** Bytes of the state file. */
	stateBytes: number;
	/** Content-addressed 9p files loaded, by stored name (`<sha256>[.zst]`). */
	files: string[];
	/** Their uncompressed size. */
	fileBytes: number;
}

type Listener = (bytes: Uint8Array) => void;

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

let nodeV86Module: Promise<WebAssembly.Module> | undefined;
/**
 * The v86 package's v86.wasm with the labs' JIT threshold, compiled once per
 * Node process (build, tests, benches). `LABO_JIT_THRESHOLD` sets another
 * threshold, for the bench that compares them (bench/vm.ts).
 */
function labV86ModuleInNode(): Promise<WebAssembly.Module> {
	nodeV86Module ??= (async () => {
		const { readFile } = await import('node:fs/promises');
		const stock = await readFile(await nodePath(v86PackageWasm()));
		const threshold = process.env.LABO_JIT_THRESHOLD ? Number(process.env.LABO_JIT_THRESHOLD) : LAB_JIT_THRESHOLD;
		return WebAssembly.compile(withJitThreshold(stock, threshold));
	})();
	return nodeV86Module;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// ANSI CSI/OSC sequences and lone escapes, for prompt matching only.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]/g;

/** URL → what v86's loader accepts: a path in Node, the URL string in a browser. */
async function forV86(url: URL): Promise<string> {
	if (url.protocol === 'file:') {
		const path = await nodePath(url);
		return url.href.endsWith('/') && !path.endsWith('/') ? `${path}/` : path;
	}
	return url.href;
}

/** Fetches and validates a manifest. */
export async function loadManifest(manifestUrl: string | URL): Promise<GuestManifest> {
	const url = new URL(manifestUrl);
	const bytes = await loadBytes(url, () => {});
	return parseManifest(JSON.parse(decoder.decode(bytes)), url.href);
}

export class LabVm {
	readonly manifest: GuestManifest;
	readonly manifestUrl: URL;
	readonly stats: TrafficStats;
	#emulator: V86;
	#options: Record<string, unknown>;
	readonly #yieldInThread: boolean;
	#aptBase: URL;
	#agent: AgentClient;
	#listeners = new Set<Listener>();
	#pending: number[] = [];
	#flushScheduled = false;
	#text = '';
	#textWaiters = new Set<() => void>();

	private constructor(
		manifest: GuestManifest,
		manifestUrl: URL,
		stats: TrafficStats,
		options: Record<string, unknown>,
		aptBase: URL,
		yieldInThread: boolean,
	) {
		this.manifest = manifest;
		this.#yieldInThread = yieldInThread;
		this.manifestUrl = manifestUrl;
		this.stats = stats;
		this.#options = options;
		this.#aptBase = aptBase;
		this.#agent = new AgentClient((bytes) => this.#emulator.serial_send_bytes(1, bytes));
		this.#emulator = this.#create(options);
	}

	/** The underlying v86 instance, for what this class does not cover (replaced by `restoreState`). */
	get emulator(): V86 {
		return this.#emulator;
	}

	/** A v86 instance wired to this VM: terminal, agent, file counting, apt route. */
	#create(options: Record<string, unknown>): V86 {
		const emulator = new V86(options as never);
		const stats = this.stats;
		if (this.#yieldInThread) {
			// v86 creates its CPU runner once its wasm is instantiated, and starts it right after.
			let runner: V86Runner | undefined;
			Object.defineProperty(emulator as unknown as Record<string, unknown>, 'v86', {
				configurable: true,
				get: () => runner,
				set: (value: V86Runner) => {
					runner = value;
					yieldInThisThread(value);
				},
			});
		}
		// v86 assigns fs9p once its wasm is loaded: count lazily loaded files.
		let fs9p: unknown;
		Object.defineProperty(emulator as unknown as Record<string, unknown>, 'fs9p', {
			configurable: true,
			get: () => fs9p,
			set: (value: { storage?: { load_from_server?: (sha: string, size: number) => Promise<Uint8Array> } }) => {
				fs9p = value;
				const storage = value?.storage;
				const original = storage?.load_from_server?.bind(storage);
				if (storage && original) {
					storage.load_from_server = async (sha: string, size: number) => {
						const data = await original(sha, size);
						stats.files.push(sha);
						stats.fileBytes += data.byteLength;
						return data;
					};
				}
			},
		});
		emulator.add_listener('serial0-output-byte', (byte: number) => this.#onByte(byte));
		emulator.add_listener('serial1-output-byte', (byte: number) => this.#agent.receive(byte));
		return emulator;
	}

	/** Resolves when the current emulator runs; routes the guest's apt to the site. */
	async #loaded(): Promise<void> {
		const emulator = this.#emulator;
		await new Promise<void>((resolve) => emulator.add_listener('emulator-loaded', () => resolve()));
		this.#routeApt(this.#aptBase);
	}

	/**
	 * Boots an image: restores its snapshot (or `options.state`), or cold-boots
	 * the kernel with `cold: true`. Resolves once the emulator runs; call
	 * `waitForPrompt()` after a cold boot.
	 */
	static async boot(options: BootOptions): Promise<LabVm> {
		const progress = options.onProgress ?? (() => {});
		const manifestUrl = new URL(options.manifestUrl);
		progress({ phase: 'manifeste', loaded: 0, total: 0, message: 'Lecture du manifeste de l’image…' });
		const manifest = options.manifest ?? (await loadManifest(manifestUrl));
		const rel = (path: string) => new URL(path, manifestUrl);
		const o = manifest.v86;
		const stats: TrafficStats = { stateBytes: 0, files: [], fileBytes: 0 };

		let state: ArrayBuffer | undefined;
		if (!options.cold) {
			state = options.state ?? (await loadImageState(manifest, manifestUrl, progress));
			stats.stateBytes = state.byteLength;
		}

		let wasmModule = options.wasmModule;
		if (!wasmModule && !options.wasmPath && isNode) wasmModule = await labV86ModuleInNode();
		progress({ phase: 'demarrage', loaded: 0, total: 0, message: 'Démarrage de Debian…' });
		const v86Options: Record<string, unknown> = {
			wasm_path: options.wasmPath,
			wasm_fn: wasmModule
				? async (imports: WebAssembly.Imports) => (await WebAssembly.instantiate(wasmModule, imports)).exports
				: undefined,
			bios: options.bios ? { buffer: options.bios.bios } : { url: await forV86(rel(o.bios.url)) },
			vga_bios: options.bios ? { buffer: options.bios.vgaBios } : { url: await forV86(rel(o.vga_bios.url)) },
			memory_size: o.memory_size,
			vga_memory_size: o.vga_memory_size,
			uart1: true,
			net_device: o.net_device,
			filesystem: { baseurl: await forV86(rel(o.filesystem.baseurl)) },
			autostart: true,
			disable_keyboard: true,
			disable_mouse: true,
			disable_speaker: true,
		};
		if (state) {
			v86Options.initial_state = { buffer: repairFidHoles(state) };
			// The guest's network stack already knows its card's MAC: keep it,
			// and v86 tells the fetch backend.
			v86Options.preserve_mac_from_state_image = true;
		} else {
			const c = manifest.cold;
			v86Options.bzimage = { url: await forV86(rel(c.bzimage.url)) };
			v86Options.initrd = { url: await forV86(rel(c.initrd.url)) };
			v86Options.cmdline = c.cmdline;
			(v86Options.filesystem as Record<string, string>).basefs = await forV86(rel(o.filesystem.basefs));
		}

		const aptBase = options.aptBaseUrl ? new URL(options.aptBaseUrl) : rel(manifest.network.apt);
		const vm = new LabVm(manifest, manifestUrl, stats, v86Options, aptBase, options.yieldInThisThread ?? false);
		await vm.#loaded();
		if (state && options.redraw !== false) vm.write('\x0c');
		progress({ phase: 'pret', loaded: 0, total: 0, message: 'Machine prête.' });
		return vm;
	}

	/**
	 * Guest HTTP to `http://<aptHost>/apt/…` is served from the site's `/apt/`.
	 *
	 * v86 answers the guest with the fetched response minus its Content-Length,
	 * marked `Connection: close`, so apt must read each body up to the close of
	 * the emulated TCP connection, and that close is sometimes lost: `apt update`
	 * then waits forever at « 10 % [En cours] ». Each body is read whole here
	 * (apt's files are small) and its length carried to the response head v86
	 * writes, under a header of ours that v86 does not strip.
	 */
	#routeApt(aptBase: URL): void {
		const adapter = (this.#emulator as unknown as { network_adapter?: FetchAdapter }).network_adapter;
		if (!adapter) return;
		const host = this.manifest.network.aptHost;
		adapter.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
			const url = new URL(String(input));
			const response =
				url.hostname === host && url.pathname.startsWith('/apt/')
					? await fetch(new URL(url.pathname.slice('/apt/'.length) + url.search, aptBase), init)
					: // Nothing else leaves the page: no third-party request.
						new Response(`Accès réseau limité au dépôt du site (${host}).\n`, {
							status: 403,
							headers: { 'content-type': 'text/plain; charset=utf-8' },
						});
			const body = await response.arrayBuffer();
			const headers = new Headers(response.headers);
			headers.set(BODY_LENGTH_HEADER, String(body.byteLength));
			// apt reads a body only if it sees a Content-Type; some servers omit it.
			if (!headers.has('content-type')) headers.set('content-type', 'application/octet-stream');
			return new Response(body, { status: response.status, statusText: response.statusText, headers });
		};
		const head = adapter.form_response_head.bind(adapter);
		adapter.form_response_head = (status, text, headers) => {
			const length = headers.get(BODY_LENGTH_HEADER);
			if (length !== null) {
				headers.delete(BODY_LENGTH_HEADER);
				headers.set('content-length', length);
			}
			return head(status, text, headers);
		};
	}

	/** Subscribes to the terminal's output bytes (serial 0). Returns an unsubscribe function. */
	onOutput(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Types into the terminal (UTF-8 for strings). */
	write(data: string | Uint8Array): void {
		this.#emulator.serial_send_bytes(0, typeof data === 'string' ? encoder.encode(data) : data);
	}

	/** Terminal text seen so far (ANSI sequences removed, last 64 KiB). */
	get screenText(): string {
		return this.#text;
	}

	/** Forgets the recorded terminal text (before waiting for new output). */
	clearScreenText(): void {
		this.#text = '';
	}

	/**
	 * Resolves with the recorded text once it matches `pattern` (searched in
	 * output recorded since the last `clearScreenText()`).
	 */
	waitForText(pattern: string | RegExp, timeoutMs = 30_000): Promise<string> {
		const test = () => (typeof pattern === 'string' ? this.#text.includes(pattern) : pattern.test(this.#text));
		if (test()) return Promise.resolve(this.#text);
		return new Promise((resolve, reject) => {
			const check = () => {
				if (!test()) return;
				clearTimeout(timer);
				this.#textWaiters.delete(check);
				resolve(this.#text);
			};
			const timer = setTimeout(() => {
				this.#textWaiters.delete(check);
				reject(new Error(`délai dépassé en attendant « ${String(pattern)} » dans le terminal`));
			}, timeoutMs);
			this.#textWaiters.add(check);
		});
	}

	/** Waits for the logged-in prompt (`manifest.prompt`). */
	waitForPrompt(timeoutMs = 120_000): Promise<string> {
		return this.waitForText(this.manifest.prompt, timeoutMs);
	}

	/**
	 * Types `command` + Enter and resolves with what it printed, once the prompt
	 * is back (tests, bench; a learner types through `write`).
	 */
	async type(command: string, timeoutMs = 30_000): Promise<string> {
		this.clearScreenText();
		this.write(`${command}\r`);
		// The echo of the command line comes first; the output ends at the next
		// prompt, whatever the current directory.
		const prompt = new RegExp(`\\n[^\\n]*${escapeRegExp(`${this.manifest.user}@${this.manifest.hostname}:`)}[^\\n]*[$#] $`);
		const text = await this.waitForText(prompt, timeoutMs);
		const start = text.indexOf('\n') + 1;
		return text.slice(start, text.lastIndexOf('\n')).replace(/\r/g, '');
	}

	/** Runs a check command through the agent (never shown in the terminal). */
	check(command: string, timeoutS = 10): Promise<CheckResult> {
		return this.#agent.run(command, timeoutS);
	}

	/** Waits for the agent's first words after a cold boot. */
	waitForAgent(timeoutMs = 120_000): Promise<void> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('l’agent de la machine ne répond pas')), timeoutMs);
			const ping = async (): Promise<void> => {
				try {
					await this.#agent.run('true', 2);
					clearTimeout(timer);
					resolve();
				} catch {
					setTimeout(ping, 500);
				}
			};
			void ping();
		});
	}

	/** Tells the guest the terminal's size (so nano, less, man fit it). */
	async resize(cols: number, rows: number): Promise<void> {
		await this.#agent.run(`stty -F /dev/ttyS0 cols ${Math.floor(cols)} rows ${Math.floor(rows)}`, 5);
	}

	/** Raw (uncompressed) v86 state of the whole machine, disk changes included. */
	saveState(): Promise<ArrayBuffer> {
		fillFidHoles(this.#emulator as unknown as V86With9p);
		return this.#emulator.save_state();
	}

	/**
	 * Restores a state from `saveState()` (raw or zstd-compressed) in a new
	 * v86 instance: v86's in-place `restore_state` leaves the machine able to
	 * hang on its next heavy 9p I/O (`pvcreate` on a loop device never
	 * returned), a fresh instance started from the state does not.
	 */
	async restoreState(state: ArrayBuffer): Promise<void> {
		this.#agent.cancelAll('machine restaurée');
		await this.#emulator.destroy();
		this.#emulator = this.#create({ ...this.#options, initial_state: { buffer: repairFidHoles(state) }, preserve_mac_from_state_image: true });
		await this.#loaded();
		this.write('\x0c');
	}

	/** Stops the emulator and frees it. */
	async destroy(): Promise<void> {
		this.#agent.cancelAll('machine arrêtée');
		await this.#emulator.destroy();
	}

	#onByte(byte: number): void {
		this.#pending.push(byte);
		if (this.#flushScheduled) return;
		this.#flushScheduled = true;
		queueMicrotask(() => {
			this.#flushScheduled = false;
			const bytes = Uint8Array.from(this.#pending);
			this.#pending = [];
			this.#text = (this.#text + decoder.decode(bytes, { stream: true }).replace(ANSI, '')).slice(-65536);
			for (const l of this.#listeners) l(bytes);
			for (const w of [...this.#textWaiters]) w();
		});
	}
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
