/**
 * Getting an image's bytes, in the browser or in Node: files, the state,
 * with progress. Apart from the emulator (v86/lab-vm.ts), so that the lab's
 * worker can start reading the state while v86 itself still loads.
 */
import { CACHES, PAGE_STORES_HEADER } from '../site-paths.ts';

/** Loading phases, in order. */
export type LoadPhase = 'manifest' | 'state' | 'boot' | 'ready';

export interface LoadProgress {
	phase: LoadPhase;
	/** Bytes loaded in this phase (state download) or 0. */
	loaded: number;
	/** Expected bytes, 0 when unknown. */
	total: number;
	/** French, ready to show. */
	message: string;
}

/** A `file:` URL → a path (Node only). */
export async function nodePath(url: URL): Promise<string> {
	const { fileURLToPath } = await import('node:url');
	return fileURLToPath(url);
}

/** `fetch`, failing with a French message that names the file when the answer is not a success. */
export async function fetchOk(url: string | URL, init?: RequestInit): Promise<Response> {
	const response = await fetch(url, init);
	if (!response.ok) throw new Error(`téléchargement impossible : ${String(url)} (HTTP ${response.status})`);
	return response;
}

/** A whole file (`file:` read from disk), reporting the bytes received so far. */
export async function loadBytes(url: URL, onChunk: (loaded: number) => void, init?: RequestInit): Promise<ArrayBuffer> {
	if (url.protocol === 'file:') {
		const { readFile } = await import('node:fs/promises');
		const data = await readFile(await nodePath(url));
		onChunk(data.byteLength);
		return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
	}
	const response = await fetchOk(url, init);
	if (!response.body) throw new Error(`téléchargement impossible : ${url.href} (réponse vide)`);
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let loaded = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		loaded += value.byteLength;
		onChunk(loaded);
	}
	const out = new Uint8Array(loaded);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.byteLength;
	}
	return out.buffer;
}

/**
 * The image's own state (zstd), for `BootOptions.state`. Its name holds its
 * hash (`state-<sha256>.bin.zst`), so a copy in Cache Storage is always the
 * right one: it is read there directly, without a request to the service
 * worker or the server. Otherwise it is downloaded, with progress, and kept
 * there for the next start, whether or not a service worker controls the
 * page yet (on a first visit it does not).
 */
export async function loadImageState(
	manifest: { v86: { initial_state: { url: string; size?: number } } },
	manifestUrl: string | URL,
	onProgress: (progress: LoadProgress) => void = () => {},
): Promise<ArrayBuffer> {
	const url = new URL(manifest.v86.initial_state.url, manifestUrl);
	const total = manifest.v86.initial_state.size ?? 0;
	const report = (loaded: number) => onProgress({ phase: 'state', loaded, total, message: 'Téléchargement de la machine…' });
	const cache = url.protocol === 'file:' || typeof caches === 'undefined' ? undefined : await caches.open(CACHES.guestFiles).catch(() => undefined);
	if (!cache) {
		report(0);
		return loadBytes(url, report);
	}
	const stored = await cache.match(url.href).catch(() => undefined);
	if (stored?.ok) {
		const bytes = await stored.arrayBuffer();
		if (!total || bytes.byteLength === total) return bytes;
	}
	report(0);
	// Stored here once: not also by the service worker, nor in the HTTP cache.
	const bytes = await loadBytes(url, report, { cache: 'no-store', headers: { [PAGE_STORES_HEADER]: 'page' } });
	const headers = { 'content-type': 'application/zstd', 'content-length': String(bytes.byteLength) };
	// The Response copies the bytes; the boot does not wait for the write. A
	// full disk or a private window only costs the next start a download.
	void cache.put(url.href, new Response(bytes, { headers })).catch(() => {});
	return bytes;
}
