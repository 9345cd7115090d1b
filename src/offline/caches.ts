/**
 * Names shared by the service worker (generated at build time by
 * src/integrations/offline.ts) and the page code that fills the same caches
 * (« Disponible hors ligne »). Changing a name orphans what learners stored.
 */
export const CACHES = {
	/**
	 * Content-addressed guest files (`/vm/<image>/files/<sha256>[.zst]`) and
	 * states (`/vm/<image>/state-<sha256>.bin.zst`): never change, cache first.
	 */
	guestFiles: 'boreale-vm-fichiers',
	/** Guest manifest, BIOS, fs index: same names across rebuilds, network first. */
	guestIndex: 'boreale-vm',
	/** The guests' apt repository (`/apt/`), network first. */
	apt: 'boreale-apt',
	/** Hashed bundles not precached (v86.wasm), cache first. */
	assets: 'boreale-assets',
	/** Pagefind's index, refreshed in the background. */
	search: 'boreale-recherche',
	/** Any other file of the site, network first. */
	other: 'boreale-divers',
} as const;

/**
 * Request header by which « Disponible hors ligne » tells the service worker
 * that the page stores the response itself (src/offline/sw-plugins.ts).
 */
export const PAGE_STORES_HEADER = 'X-Boreale-Stockage';

/** Paths of content-addressed guest files and states (see `CACHES.guestFiles`). */
export const GUEST_CONTENT = /^\/vm\/[^/]+\/(?:files\/|state-[0-9a-f]{16,}\.)/;

/** Which cache a same-origin path belongs to, or undefined when precached or not cached. */
export function cacheFor(pathname: string): string | undefined {
	if (GUEST_CONTENT.test(pathname)) return CACHES.guestFiles;
	if (pathname.startsWith('/vm/')) return CACHES.guestIndex;
	if (pathname.startsWith('/apt/')) return CACHES.apt;
	if (pathname.startsWith('/_astro/')) return CACHES.assets;
	if (pathname.startsWith('/pagefind/')) return CACHES.search;
	return undefined;
}

/** What `/parcours/<path>/hors-ligne.json` holds once the build completed it. */
export interface OfflineBundle {
	path: string;
	title: string;
	/** Pages of the path and of its labs (precached by the service worker). */
	pages: string[];
	/** Guest images its labs boot. */
	images: string[];
	/** Everything to store beyond the precache, with sizes on the wire. */
	files: { url: string; size: number }[];
	/** Sum of `files[].size`, in bytes. */
	bytes: number;
}
