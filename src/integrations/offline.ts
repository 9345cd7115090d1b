/**
 * Offline and installable site, done once the site is built (`astro:build:done`):
 *
 * 1. web app manifest + PNG icons drawn from public/favicon.svg;
 * 2. `/parcours/<path>/hors-ligne.json` completed with the guest files and
 *    their sizes (what « Disponible hors ligne » downloads);
 * 3. the service worker (workbox-build `generateSW`, runtime inlined: no CDN):
 *    precaches the shell (every page, scripts, styles, icons) and caches
 *    guest files, apt and search as they are used, each file once: never
 *    also in the browser's HTTP cache, never again when the page stores it
 *    (src/offline/sw-plugins.ts);
 * 4. `.br` and `.gz` twins of text files for static servers that serve them
 *    (ours does: scripts/lib/static-server.ts).
 *
 * Updates never interrupt a lab: the new worker waits (no automatic
 * skipWaiting) while a lab runs in any tab, until the learner accepts the
 * update, after which the pages save running labs before reloading
 * (src/offline/register.ts). Runtime caches are never purged by an update:
 * content-addressed guest files stay valid across versions.
 */
import type { AstroIntegration } from 'astro';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { APT_REPOSITORY, CACHES, GUEST_IMAGES } from '../site-paths.ts';
import { GUEST_CONTENT, type OfflineBundle } from '../offline/caches.ts';
import { absentWhenOffline, byteRanges, pageStores, revalidate, unquotedKey } from '../offline/sw-plugins.ts';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export const SW_PATH = 'sw.js';
export const THEME_COLOR = '#0b3d5c';
const COMPRESSIBLE = /\.(?:html|css|js|mjs|json|svg|xml|txt|webmanifest|wasm)$/;

/** Every file under `dir`, as paths relative to it with forward slashes. */
function walk(dir: string, base = dir): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...walk(full, base));
		else out.push(relative(base, full).split('\\').join('/'));
	}
	return out;
}

/** `name` is a `.br`/`.gz` twin that `precompress` writes (not a file of its own, like apt's Packages.gz). */
function isTwin(dist: string, name: string): boolean {
	const base = name.replace(/\.(?:br|gz)$/, '');
	return base !== name && COMPRESSIBLE.test(base) && existsSync(join(dist, base));
}

function size(dist: string, url: string): number {
	return statSync(join(dist, url)).size;
}

type Icon = { src: string; sizes: string; type: string; purpose?: string };

/** The web app manifest: installable, French, opens on the home page. */
function webManifest(icons: Icon[]) {
	return {
		name: 'Alliance Boréale',
		short_name: 'Boréale',
		description: 'Documentation ouverte, parcours de formation et laboratoires Linux dans le navigateur, en français.',
		lang: 'fr',
		dir: 'ltr',
		id: '/',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		background_color: THEME_COLOR,
		theme_color: THEME_COLOR,
		icons,
	};
}

async function writeManifestAndIcons(dist: string, logger: { warn(m: string): void }): Promise<void> {
	const icons: Icon[] = [
		{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
	];
	try {
		// sharp comes with Astro (image service); without it the SVG icon alone still installs in Chromium.
		const { default: sharp } = await import('sharp');
		const svg = readFileSync(join(dist, 'favicon.svg'));
		mkdirSync(join(dist, 'icones'), { recursive: true });
		for (const px of [192, 512]) {
			await sharp(svg, { density: (72 * px) / 64 }).resize(px, px).png().toFile(join(dist, `icones/icone-${px}.png`));
			icons.push({ src: `/icones/icone-${px}.png`, sizes: `${px}x${px}`, type: 'image/png' });
		}
		// Maskable: the round logo inside the 80 % safe zone, on the logo's own blue.
		const inner = await sharp(svg, { density: (72 * 400) / 64 }).resize(400, 400).png().toBuffer();
		await sharp({ create: { width: 512, height: 512, channels: 4, background: THEME_COLOR } })
			.composite([{ input: inner, top: 56, left: 56 }])
			.png()
			.toFile(join(dist, 'icones/icone-masquable-512.png'));
		icons.push({ src: '/icones/icone-masquable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' });
	} catch (error) {
		logger.warn(`icônes PNG non générées (${(error as Error).message}) : seule l’icône SVG sera proposée.`);
	}
	const manifest = webManifest(icons);
	writeFileSync(join(dist, 'manifest.webmanifest'), `${JSON.stringify(manifest, null, '\t')}\n`);
}

/** Lists, for each path bundle, the guest files its labs need, with sizes on the wire. */
function completeOfflineBundles(dist: string): OfflineBundle[] {
	const root = join(dist, 'parcours');
	if (!existsSync(root)) return [];
	const wasm = existsSync(join(dist, '_astro')) ? readdirSync(join(dist, '_astro')).filter((f) => f.endsWith('.wasm')).map((f) => `/_astro/${f}`) : [];
	const apt = existsSync(join(dist, 'apt')) ? walk(join(dist, 'apt')).filter((f) => !isTwin(dist, `apt/${f}`)).map((f) => `/apt/${f}`) : [];
	const bundles: OfflineBundle[] = [];
	for (const folder of readdirSync(root)) {
		const file = join(root, folder, 'hors-ligne.json');
		if (!existsSync(file)) continue;
		const bundle: OfflineBundle = JSON.parse(readFileSync(file, 'utf8'));
		const urls: string[] = [];
		for (const image of bundle.images) {
			const dir = `/vm/${image}/`;
			const manifestFile = join(dist, dir, 'manifest.json');
			if (!existsSync(manifestFile)) continue; // image not built: the page says so when asked
			const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
			const v86 = manifest.v86;
			urls.push(`${dir}manifest.json`);
			// Not `filesystem.basefs`: a lab restores the saved state, which holds the file tree; only a cold boot reads it.
			for (const url of [v86.bios.url, v86.vga_bios.url, v86.initial_state.url]) {
				if (existsSync(join(dist, dir, url))) urls.push(new URL(url, `http://x${dir}`).pathname);
			}
			const filesDir = new URL(v86.filesystem.baseurl, `http://x${dir}`).pathname;
			if (existsSync(join(dist, filesDir))) {
				for (const name of readdirSync(join(dist, filesDir)).sort()) urls.push(`${filesDir}${name}`);
			}
		}
		if (bundle.images.length > 0) urls.push(...wasm, ...apt);
		bundle.files = urls.map((url) => ({ url, size: size(dist, url) }));
		bundle.bytes = bundle.files.reduce((sum, f) => sum + f.size, 0);
		writeFileSync(file, JSON.stringify(bundle));
		bundles.push(bundle);
	}
	return bundles;
}

async function writeServiceWorker(dist: string): Promise<{ count: number; size: number; warnings: string[] }> {
	const { generateSW } = await import('workbox-build');
	const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	return generateSW({
		swDest: join(dist, SW_PATH),
		globDirectory: dist,
		// The shell: every page, the scripts and styles they load, icons, lab steps.
		globPatterns: ['**/*.{html,css,js,svg,png,webmanifest}', 'labs/*/lab.json'],
		globIgnores: ['vm/**', 'apt/**', 'pagefind/**', '**/*.{br,gz}', SW_PATH, 'workbox-*.js'],
		// Bigger bundles (the configurator's) are cached when first used, not on every first visit.
		maximumFileSizeToCacheInBytes: 1024 * 1024,
		// Hashed file names are their own revision.
		dontCacheBustURLsMatching: /^_astro\//,
		skipWaiting: false,
		clientsClaim: true,
		cleanupOutdatedCaches: true,
		inlineWorkboxRuntime: true,
		sourcemap: false,
		mode: 'production',
		runtimeCaching: [
			{
				// A page the precache does not know: the network (a page published since), else, offline, the site's 404 page.
				urlPattern: ({ request }) => request.mode === 'navigate',
				handler: async ({ request }) => {
					try {
						return await fetch(request);
					} catch {
						return (await caches.match('/404.html', { ignoreSearch: true })) ?? Response.error();
					}
				},
			},
			{
				// GUEST_CONTENT anchored on the path; the pattern sees the whole URL.
				urlPattern: new RegExp(`^[^?#]*${GUEST_CONTENT.source.slice(1)}`),
				handler: 'CacheFirst',
				// Content-addressed, never revalidated: the HTTP cache would only hold a second copy.
				options: { cacheName: CACHES.guestFiles, fetchOptions: { cache: 'no-store' }, rangeRequests: true, cacheableResponse: { statuses: [200] }, plugins: [pageStores] },
			},
			{
				urlPattern: new RegExp(`^[^?#]*${escape(GUEST_IMAGES)}`),
				handler: 'NetworkFirst',
				options: { cacheName: CACHES.guestIndex, networkTimeoutSeconds: 5, cacheableResponse: { statuses: [200] }, plugins: [revalidate, pageStores] },
			},
			{
				urlPattern: new RegExp(`^[^?#]*${escape(APT_REPOSITORY)}`),
				handler: 'NetworkFirst',
				options: {
					cacheName: CACHES.apt,
					networkTimeoutSeconds: 5,
					cacheableResponse: { statuses: [200] },
					plugins: [revalidate, pageStores, unquotedKey, byteRanges, absentWhenOffline],
				},
			},
			{
				urlPattern: new RegExp(`^[^?#]*${escape('/_astro/')}`),
				handler: 'CacheFirst',
				options: { cacheName: CACHES.assets, fetchOptions: { cache: 'no-store' }, cacheableResponse: { statuses: [200] }, plugins: [pageStores] },
			},
			{
				urlPattern: new RegExp(`^[^?#]*${escape('/pagefind/')}`),
				handler: 'StaleWhileRevalidate',
				options: { cacheName: CACHES.search, cacheableResponse: { statuses: [200] } },
			},
			{
				// Anything else of ours (offline lists, files a library asks for by itself): kept for offline use.
				urlPattern: ({ sameOrigin, url }) => sameOrigin && !url.pathname.startsWith('/atelier'),
				handler: 'NetworkFirst',
				options: { cacheName: CACHES.other, networkTimeoutSeconds: 5, cacheableResponse: { statuses: [200] } },
			},
		],
	});
}

/** Writes `.br` and `.gz` twins of text files worth compressing. */
async function precompress(dist: string): Promise<{ files: number; before: number; after: number }> {
	const candidates = walk(dist).filter((f) => COMPRESSIBLE.test(f) && !/^(?:pagefind|vm\/[^/]+\/files)\//.test(f));
	let files = 0;
	let before = 0;
	let after = 0;
	const queue = [...candidates];
	await Promise.all(
		Array.from({ length: 4 }, async () => {
			while (queue.length) {
				const name = queue.shift()!;
				const data = await readFile(join(dist, name));
				if (data.length < 1024) continue;
				// Maximal brotli on big files costs seconds each for a few per cent.
				const quality = data.length > 2 * 1024 * 1024 ? 5 : data.length > 256 * 1024 ? 9 : 11;
				const [br, gzipped] = await Promise.all([
					brotli(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } }),
					gz(data, { level: 9 }),
				]);
				if (br.length > data.length * 0.9) continue;
				await Promise.all([writeFile(join(dist, `${name}.br`), br), writeFile(join(dist, `${name}.gz`), gzipped)]);
				files += 1;
				before += data.length;
				after += br.length;
			}
		}),
	);
	return { files, before, after };
}

export default function offline(): AstroIntegration {
	return {
		name: 'boreale-offline',
		hooks: {
			'astro:config:setup': ({ injectScript, command }) => {
				const src = (file: string) => JSON.stringify(fileURLToPath(new URL(file, import.meta.url)));
				// Folded hints and solutions open on paper in every browser.
				injectScript('page', `import ${src('../styles/print.client.ts')};`);
				// Styles of the update notice: CSS imported from a `page` script is not bundled, from `page-ssr` it is.
				injectScript('page-ssr', `import ${src('../offline/update.css')};`);
				// Registration only in the built site: a worker in `astro dev` would cache stale modules.
				if (command === 'build') {
					injectScript('page', `import ${src('../offline/register.ts')};`);
				}
			},
			'astro:server:setup': ({ server }) => {
				// `astro dev`: the files the build writes, so that pages load without a 404 in the console.
				server.middlewares.use((req, res, next) => {
					const path = req.url?.split('?')[0];
					if (path === '/manifest.webmanifest') {
						res.setHeader('Content-Type', 'application/manifest+json');
						res.end(JSON.stringify(webManifest([{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' }])));
					} else if (path === '/atelier.json') {
						res.setHeader('Content-Type', 'application/json; charset=utf-8');
						res.end('{"urls":[],"startedAt":null}');
					} else next();
				});
			},
			'astro:build:done': async ({ dir, logger }) => {
				const dist = fileURLToPath(dir);
				await writeManifestAndIcons(dist, logger);
				// No workshop on a plain static host: the page reads an empty list (the atelier server answers with its addresses).
				writeFileSync(join(dist, 'atelier.json'), '{"urls":[],"startedAt":null}\n');
				const bundles = completeOfflineBundles(dist);
				for (const b of bundles) logger.info(`hors ligne « ${b.path} » : ${b.files.length} fichiers, ${(b.bytes / 1e6).toFixed(1)} Mo`);
				const sw = await writeServiceWorker(dist);
				// « won't be precached » is the intended size limit at work, not a problem.
				for (const warning of sw.warnings) (/won't be precached/.test(warning) ? logger.info : logger.warn).call(logger, warning);
				logger.info(`service worker : ${sw.count} fichiers précachés, ${(sw.size / 1e6).toFixed(2)} Mo`);
				const packed = await precompress(dist);
				logger.info(`compression : ${packed.files} fichiers, ${(packed.before / 1e6).toFixed(1)} Mo → ${(packed.after / 1e6).toFixed(1)} Mo (brotli)`);
			},
		},
	};
}
