/**
 * The static server used by `npm start`, the e2e tests and `npm run atelier`:
 * MIME types for guest and app files, compressed twins for text, byte
 * ranges on the identity file, long caching for content-addressed files,
 * and the workshop's own answers.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWorkshop, type RunningWorkshop } from '../../scripts/lib/workshop-server.ts';

let root: string;
let workshop: RunningWorkshop;
const html = `<!DOCTYPE html><html lang="fr"><title>x</title>${'<p>Bonjour</p>'.repeat(200)}</html>`;

beforeAll(async () => {
	root = mkdtempSync(join(tmpdir(), 'boreale-serveur-'));
	mkdirSync(join(root, 'vm/debian/files'), { recursive: true });
	mkdirSync(join(root, '_astro'));
	writeFileSync(join(root, 'index.html'), html);
	writeFileSync(join(root, 'index.html.br'), brotliCompressSync(html));
	writeFileSync(join(root, '404.html'), '<!DOCTYPE html><title>Page introuvable</title>');
	writeFileSync(join(root, 'manifest.webmanifest'), '{}');
	writeFileSync(join(root, '_astro/v86.abc.wasm'), Buffer.from([0, 97, 115, 109]));
	writeFileSync(join(root, 'vm/debian/state.bin.zst'), Buffer.alloc(4096, 1));
	writeFileSync(join(root, `vm/debian/state-${'e'.repeat(64)}.bin.zst`), Buffer.alloc(4096, 1));
	writeFileSync(join(root, 'vm/debian/fs.json'), '{"version":3}');
	writeFileSync(join(root, `vm/debian/files/${'a'.repeat(64)}`), Buffer.alloc(10_000, 2));
	writeFileSync(join(root, `vm/debian/files/${'b'.repeat(64)}.zst`), Buffer.alloc(100, 3));
	mkdirSync(join(root, 'apt/dists/bookworm/main/binary-i386'), { recursive: true });
	writeFileSync(join(root, 'apt/dists/bookworm/main/binary-i386/Packages.gz'), gzipSync('Package: nginx-light\n'));
	workshop = await startWorkshop({ root, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
	await workshop?.close();
	rmSync(root, { recursive: true, force: true });
});

function fetchRaw(path: string, headers: Record<string, string> = {}) {
	return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
		get(new URL(path, workshop.url), { headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
		}).on('error', reject);
	});
}

describe('static server', () => {
	test.each([
		['/manifest.webmanifest', 'application/manifest+json'],
		['/_astro/v86.abc.wasm', 'application/wasm'],
		['/vm/debian/state.bin.zst', 'application/zstd'],
		['/vm/debian/fs.json', 'application/json; charset=utf-8'],
		[`/vm/debian/files/${'a'.repeat(64)}`, 'application/octet-stream'],
		[`/vm/debian/files/${'b'.repeat(64)}.zst`, 'application/zstd'],
	])('%s is served as %s', async (path, type) => {
		const res = await fetchRaw(path);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe(type);
		expect(res.headers['x-content-type-options']).toBe('nosniff');
	});

	test('text goes compressed when the browser accepts it', async () => {
		const res = await fetchRaw('/', { 'accept-encoding': 'gzip, deflate, br' });
		expect(res.headers['content-encoding']).toBe('br');
		expect(res.headers.vary).toBe('Accept-Encoding');
		expect(res.body.length).toBeLessThan(html.length / 5);
	});

	test('a file whose own name ends in .gz is served as it is, not as an encoding', async () => {
		const res = await fetchRaw('/apt/dists/bookworm/main/binary-i386/Packages.gz', { 'accept-encoding': 'gzip, deflate, br' });
		expect(res.status).toBe(200);
		expect(res.headers['content-encoding']).toBeUndefined();
		expect(res.headers['content-type']).toBe('application/gzip');
		expect(res.body).toEqual(gzipSync('Package: nginx-light\n'));
	});

	test('a byte range is cut from the identity file, never from a compressed twin', async () => {
		const res = await fetchRaw('/', { 'accept-encoding': 'br', range: 'bytes=0-14' });
		expect(res.status).toBe(206);
		expect(res.headers['content-encoding']).toBeUndefined();
		expect(res.body.toString()).toBe('<!DOCTYPE html>');
		const guest = await fetchRaw(`/vm/debian/files/${'a'.repeat(64)}`, { range: 'bytes=100-199' });
		expect(guest.status).toBe(206);
		expect(guest.headers['content-range']).toBe('bytes 100-199/10000');
		expect(guest.body.length).toBe(100);
	});

	test('content-addressed guest files and hashed bundles are cached for good, pages revalidate', async () => {
		expect((await fetchRaw(`/vm/debian/files/${'a'.repeat(64)}`)).headers['cache-control']).toMatch(/immutable/);
		expect((await fetchRaw('/_astro/v86.abc.wasm')).headers['cache-control']).toMatch(/immutable/);
		expect((await fetchRaw(`/vm/debian/state-${'e'.repeat(64)}.bin.zst`)).headers['cache-control']).toMatch(/immutable/);
		expect((await fetchRaw('/vm/debian/state.bin.zst')).headers['cache-control']).toBe('no-cache');
		expect((await fetchRaw('/')).headers['cache-control']).toBe('no-cache');
	});

	test('unknown paths get the site’s 404 page', async () => {
		const res = await fetchRaw('/nulle-part/');
		expect(res.status).toBe(404);
		expect(res.body.toString()).toMatch(/Page introuvable/);
	});
});

describe('workshop server', () => {
	test('answers its addresses and their QR codes', async () => {
		const info = JSON.parse((await fetchRaw('/atelier.json')).body.toString());
		expect(info.urls).toEqual([workshop.url]);
		const qr = await fetchRaw('/atelier/qr.svg?i=0');
		expect(qr.headers['content-type']).toBe('image/svg+xml');
		expect(qr.body.toString()).toMatch(/^<svg/);
		expect((await fetchRaw('/atelier/qr.svg?i=9')).status).toBe(404);
	});
});
