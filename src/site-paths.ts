/**
 * Every address and stored name the site's pages, its lab machine and its
 * service worker share, written once. Paths sit on Astro's `base`
 * (`import.meta.env.BASE_URL`; `/` where no bundler defines it: Node
 * scripts and tests), so no module writes a root path by hand.
 */

/** The path the site is served under, ending with `/`. */
export const BASE = withSlash(import.meta.env?.BASE_URL ?? '/');

function withSlash(path: string): string {
	return path.endsWith('/') ? path : `${path}/`;
}

/** A path of the site (`labs/x/`, without a leading `/`) under the base. */
export function pathWithBase(path: string): string {
	return `${BASE}${path.replace(/^\/+/, '')}`;
}

/** A content page by its collection id (`parcours/premiers-pas/terminal`). */
export const pagePath = (id: string): string => pathWithBase(`${id}/`);

/** A training path's overview page. */
export const pathPage = (path: string): string => pathWithBase(`parcours/${path}/`);
/** A training path's printable booklet. */
export const pathBooklet = (path: string): string => pathWithBase(`parcours/${path}/livret/`);
/** What « Disponible hors ligne » stores for a path (src/pages/parcours/[path]/hors-ligne.json.ts). */
export const pathOfflineBundle = (path: string): string => pathWithBase(`parcours/${path}/hors-ligne.json`);

/** A lab's own page. */
export const labPage = (id: string): string => pathWithBase(`labs/${id}/`);
/** A lab as the browser receives it (src/pages/labs/[id]/lab.json.ts). */
export const labJson = (id: string): string => pathWithBase(`labs/${id}/lab.json`);

/** Where the guest images are published (`public/vm/` at build time). */
export const GUEST_IMAGES = pathWithBase('vm/');
/** A guest image's folder. */
export const guestImage = (image: string): string => `${GUEST_IMAGES}${image}/`;
/** A guest image's manifest (src/machine/manifest.ts). */
export const guestManifest = (image: string): string => `${guestImage(image)}manifest.json`;
/** The guests' apt repository (`public/apt/`). */
export const APT_REPOSITORY = pathWithBase('apt/');

/**
 * Cache Storage names shared by the service worker (generated at build time
 * by src/integrations/offline.ts) and the page code that fills the same
 * caches (« Disponible hors ligne », the machine's state). Changing a name
 * orphans what learners stored.
 */
export const CACHES = {
	/**
	 * Content-addressed guest files (`vm/<image>/files/<sha256>[.zst]`) and
	 * states (`vm/<image>/state-<sha256>.bin.zst`): never change, cache first.
	 */
	guestFiles: 'boreale-vm-fichiers',
	/** Guest manifest, BIOS, fs index: same names across rebuilds, network first. */
	guestIndex: 'boreale-vm',
	/** The guests' apt repository (`apt/`), network first. */
	apt: 'boreale-apt',
	/** Hashed bundles not precached (v86.wasm), cache first. */
	assets: 'boreale-assets',
	/** Pagefind's index, refreshed in the background. */
	search: 'boreale-recherche',
	/** Any other file of the site, network first. */
	other: 'boreale-divers',
} as const;

/**
 * Request header by which the page tells the service worker that it stores
 * the response itself (src/offline/sw-plugins.ts).
 */
export const PAGE_STORES_HEADER = 'X-Boreale-Stockage';

/**
 * localStorage keys. Changing one forgets what learners set or did.
 */
export const STORAGE_KEYS = {
	/** The learner's progress (src/progress/store.ts). */
	progress: 'boreale:progression:v1',
	/** `non`: a lab page waits for the start button (sobriety on slow links). */
	labAutostart: 'boreale:labos:demarrage-auto',
	/** `page`: the lab's v86 runs in the page instead of its worker (bench, diagnosis). */
	machineThread: 'boreale:labos:fil-machine',
} as const;

/**
 * The IndexedDB database where the learners' machines are kept: whole
 * machines (src/machine/browser/store.ts) and their file journals
 * (src/machine/browser/journal-store.ts).
 */
export const MACHINES_DATABASE = { name: 'alliance-boreale', version: 2, store: 'machines', files: 'fichiers' } as const;
