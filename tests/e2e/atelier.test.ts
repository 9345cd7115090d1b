/**
 * Workshop load: twenty learners on one mentor's laptop start the same lab
 * at the same moment. Each one fetches what a browser fetches to start it
 * (page, scripts, styles, wasm, lab.json, guest manifest, BIOS, saved state,
 * fs index and a set of guest files, plus a byte range), six connections at a
 * time like a browser. Loopback only (127.0.0.1); bounded: one session each.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { Agent, get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWorkshop, type RunningWorkshop } from '../../scripts/lib/workshop-server.ts';

const LEARNERS = 20;
const PER_LEARNER_CONNECTIONS = 6;
const GUEST_FILES = 60;
const LAB = 'terminal';
const IMAGE_DIR = 'dist/vm/debian';

let workshop: RunningWorkshop;
beforeAll(async () => {
	workshop = await startWorkshop({ root: 'dist', host: '127.0.0.1', port: 0 });
});
afterAll(async () => workshop?.close());

interface Expected {
	path: string;
	/** Size on disk of the identity file, when known. */
	size?: number;
	type?: RegExp;
	range?: [number, number];
}

/** The guest files a learner's machine would ask for, and the image must be complete. */
function imageRequests(): Expected[] {
	const manifestPath = `${IMAGE_DIR}/manifest.json`;
	if (!existsSync(manifestPath)) throw new Error(`Image invitée absente : ${manifestPath} introuvable. Construis l’image (public/vm/debian/) puis « npm run build ».`);
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
	const fromManifest = [manifest.v86.bios.url, manifest.v86.vga_bios.url, manifest.v86.initial_state.url, manifest.v86.filesystem.basefs];
	const missing = fromManifest.filter((url: string) => !existsSync(`${IMAGE_DIR}/${url}`));
	if (missing.length) throw new Error(`Image invitée incomplète dans ${IMAGE_DIR} : il manque ${missing.join(', ')}. Reconstruis l’image puis le site.`);
	const files = readdirSync(`${IMAGE_DIR}/files`).sort();
	// A spread of guest files (small and large), the same for every learner as in a real room.
	const step = Math.max(1, Math.floor(files.length / GUEST_FILES));
	const chosen = files.filter((_, i) => i % step === 0).slice(0, GUEST_FILES);
	const out: Expected[] = [{ path: '/vm/debian/manifest.json', type: /^application\/json/ }];
	for (const url of fromManifest) {
		out.push({ path: `/vm/debian/${url}`, size: statSync(`${IMAGE_DIR}/${url}`).size, type: url.endsWith('.zst') ? /^application\/zstd$/ : undefined });
	}
	for (const name of chosen) {
		out.push({
			path: `/vm/debian/files/${name}`,
			size: statSync(`${IMAGE_DIR}/files/${name}`).size,
			type: name.endsWith('.zst') ? /^application\/zstd$/ : /^application\/octet-stream$/,
		});
	}
	const big = chosen.map((name) => ({ name, size: statSync(`${IMAGE_DIR}/files/${name}`).size })).sort((a, b) => b.size - a.size)[0];
	out.push({ path: `/vm/debian/files/${big.name}`, size: big.size, range: [0, Math.min(big.size, 4096) - 1] });
	return out;
}

/** The page and every script, style and wasm it pulls in, found by following references. */
function pageRequests(): Expected[] {
	const html = readFileSync(`dist/labs/${LAB}/index.html`, 'utf8');
	const seen = new Set<string>();
	const queue = [...html.matchAll(/\/_astro\/[\w.@-]+\.(?:js|css|wasm)/g)].map((m) => m[0]);
	while (queue.length) {
		const path = queue.shift()!;
		if (seen.has(path) || !existsSync(`dist${path}`)) continue;
		seen.add(path);
		if (path.endsWith('.js')) {
			const js = readFileSync(`dist${path}`, 'utf8');
			for (const m of js.matchAll(/["'`(/.]([\w.@-]+\.(?:js|css|wasm))["'`)]/g)) queue.push(`/_astro/${m[1]}`);
		}
	}
	return [
		{ path: `/labs/${LAB}/`, type: /^text\/html/ },
		{ path: `/labs/${LAB}/lab.json`, type: /^application\/json/ },
		...[...seen].map((path) => ({
			path,
			size: statSync(`dist${path}`).size,
			type: path.endsWith('.wasm') ? /^application\/wasm$/ : path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
		})),
	];
}

interface Sample {
	path: string;
	ms: number;
	status: number;
	bytes: number;
	encoding?: string;
	error?: string;
}

/** GET with node:http: raw bytes on the wire, no automatic decompression. */
function httpGet(url: URL, agent: Agent | undefined, headers: Record<string, string>): Promise<{ res: IncomingMessage; body: Buffer }> {
	return new Promise((resolve, reject) => {
		get(url, { agent, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		}).on('error', reject);
	});
}

async function fetchOne(agent: Agent, base: string, want: Expected): Promise<Sample> {
	const start = performance.now();
	const headers: Record<string, string> = { 'accept-encoding': 'br, gzip' };
	if (want.range) headers.range = `bytes=${want.range[0]}-${want.range[1]}`;
	try {
		const { res, body } = await httpGet(new URL(want.path, base), agent, headers);
		const sample: Sample = { path: want.path, ms: performance.now() - start, status: res.statusCode ?? 0, bytes: body.length, encoding: res.headers['content-encoding'] };
		const type = String(res.headers['content-type'] ?? '');
		const problems: string[] = [];
		if (res.statusCode !== (want.range ? 206 : 200)) problems.push(`statut ${res.statusCode}`);
		if (want.type && !want.type.test(type)) problems.push(`type « ${type} »`);
		if (want.range && body.length !== want.range[1] - want.range[0] + 1) problems.push(`plage de ${body.length} octets`);
		if (!want.range && want.size !== undefined && !sample.encoding && body.length !== want.size) problems.push(`${body.length} octets au lieu de ${want.size}`);
		if (problems.length) sample.error = problems.join(', ');
		return sample;
	} catch (error) {
		return { path: want.path, ms: performance.now() - start, status: 0, bytes: 0, error: (error as Error).message };
	}
}

/** One learner: six requests in flight at most, in the order a browser asks. */
async function learner(base: string, plan: Expected[]): Promise<Sample[]> {
	const agent = new Agent({ keepAlive: true, maxSockets: PER_LEARNER_CONNECTIONS });
	const samples: Sample[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: PER_LEARNER_CONNECTIONS }, async () => {
			while (next < plan.length) samples.push(await fetchOne(agent, base, plan[next++]));
		}),
	);
	agent.destroy();
	return samples;
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('atelier server (npm run atelier)', () => {
	test('serves the workshop address and its QR code', async () => {
		const info = await (await fetch(new URL('atelier.json', workshop.url))).json();
		expect(info.urls).toEqual([workshop.url]);
		const qr = await fetch(new URL('atelier/qr.svg?i=0', workshop.url));
		expect(qr.headers.get('content-type')).toBe('image/svg+xml');
		expect(await qr.text()).toMatch(/^<svg[^>]+viewBox/);
	});

	test('compresses text, not guest files, and gives correct MIME types', async () => {
		const page = await httpGet(new URL(`labs/${LAB}/`, workshop.url), undefined, { 'accept-encoding': 'br, gzip' });
		expect(page.res.headers['content-encoding'], 'HTML compressé (jumeau .br écrit à la construction)').toBe('br');
		const manifest = await httpGet(new URL('manifest.webmanifest', workshop.url), undefined, {});
		expect(manifest.res.headers['content-type']).toBe('application/manifest+json');
		const ranged = await httpGet(new URL(`labs/${LAB}/`, workshop.url), undefined, { 'accept-encoding': 'br', range: 'bytes=0-99' });
		expect(ranged.res.statusCode).toBe(206);
		expect(ranged.res.headers['content-encoding'], 'une plage porte sur le fichier non compressé').toBeUndefined();
		expect(ranged.body.toString('utf8', 0, 15)).toBe('<!DOCTYPE html>');
	});

	test(`${LEARNERS} learners start the « ${LAB} » lab at once without a single error`, { timeout: 300_000 }, async () => {
		const plan = [...pageRequests(), ...imageRequests()];
		const started = performance.now();
		const all = (await Promise.all(Array.from({ length: LEARNERS }, () => learner(workshop.url, plan)))).flat();
		const seconds = (performance.now() - started) / 1000;
		const errors = all.filter((s) => s.error);
		const times = all.map((s) => s.ms).sort((a, b) => a - b);
		const megabytes = all.reduce((sum, s) => sum + s.bytes, 0) / 1e6;
		console.log(
			`atelier : ${LEARNERS} personnes × ${plan.length} requêtes = ${all.length} requêtes, ${errors.length} erreur(s), ` +
				`p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms, ` +
				`${megabytes.toFixed(0)} Mo en ${seconds.toFixed(1)} s`,
		);
		expect(errors.slice(0, 5).map((s) => `${s.path} : ${s.error}`)).toEqual([]);
		expect(all).toHaveLength(LEARNERS * plan.length);
	});
});
