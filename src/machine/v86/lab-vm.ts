/**
 * A lab machine in v86: boots a guest image from its manifest, in the
 * browser or in Node (tests, bench, image build). The learner's terminal is
 * serial 0 (a byte stream); checks go through the agent on serial 1. What it
 * adds to v86 is in its own modules beside it, one concern each (apt route,
 * 9p file hooks, screen text, fids, JIT threshold, loop thread).
 */
import { V86 } from 'v86';
import { AgentClient } from '../agent.ts';
import type { CheckResult } from '../agent.ts';
import { parseManifest, type GuestManifest } from '../manifest.ts';
import { loadBytes, loadImageState, nodePath, type LoadProgress } from '../loading.ts';
import { routeApt } from './apt-route.ts';
import { countLoadedFiles, type TrafficStats } from './file-hooks.ts';
import { labV86ModuleInNode } from './jit-threshold.ts';
import { fillFidHoles, repairFidHoles, type V86With9p } from './nine-p-fids.ts';
import { ScreenText } from './screen-text.ts';
import { yieldInThisThreadOnceCreated } from './yield-in-thread.ts';

export type { CheckResult } from '../agent.ts';
export type { GuestManifest } from '../manifest.ts';
export { loadImageState } from '../loading.ts';
export type { LoadPhase, LoadProgress } from '../loading.ts';
export type { TrafficStats } from './file-hooks.ts';

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

type Listener = (bytes: Uint8Array) => void;

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
	readonly #screen = new ScreenText();

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

	/** A v86 instance wired to this VM: terminal, agent, file counting, its loop's thread (the apt route once loaded). */
	#create(options: Record<string, unknown>): V86 {
		const emulator = new V86(options as never);
		if (this.#yieldInThread) yieldInThisThreadOnceCreated(emulator);
		countLoadedFiles(emulator, this.stats);
		emulator.add_listener('serial0-output-byte', (byte: number) => this.#onByte(byte));
		emulator.add_listener('serial1-output-byte', (byte: number) => this.#agent.receive(byte));
		return emulator;
	}

	/** Resolves when the current emulator runs; routes the guest's apt to the site. */
	async #loaded(): Promise<void> {
		const emulator = this.#emulator;
		await new Promise<void>((resolve) => emulator.add_listener('emulator-loaded', () => resolve()));
		routeApt(emulator, this.manifest.network.aptHost, this.#aptBase);
	}

	/**
	 * Boots an image: restores its snapshot (or `options.state`), or cold-boots
	 * the kernel with `cold: true`. Resolves once the emulator runs; call
	 * `waitForPrompt()` after a cold boot.
	 */
	static async boot(options: BootOptions): Promise<LabVm> {
		const progress = options.onProgress ?? (() => {});
		const manifestUrl = new URL(options.manifestUrl);
		progress({ phase: 'manifest', loaded: 0, total: 0, message: 'Lecture du manifeste de l’image…' });
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
		progress({ phase: 'boot', loaded: 0, total: 0, message: 'Démarrage de Debian…' });
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
		progress({ phase: 'ready', loaded: 0, total: 0, message: 'Machine prête.' });
		return vm;
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
		return this.#screen.text;
	}

	/** Forgets the recorded terminal text (before waiting for new output). */
	clearScreenText(): void {
		this.#screen.clear();
	}

	/**
	 * Resolves with the recorded text once it matches `pattern` (searched in
	 * output recorded since the last `clearScreenText()`).
	 */
	waitForText(pattern: string | RegExp, timeoutMs = 30_000): Promise<string> {
		return this.#screen.waitFor(pattern, timeoutMs);
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
			this.#screen.append(bytes);
			for (const l of this.#listeners) l(bytes);
		});
	}
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
