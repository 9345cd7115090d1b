/**
 * Guest image build: `node scripts/image/build.ts [--force] [recipe.yaml…]`.
 * Debian packages → root filesystem → 9p pack → cold boot in v86 → snapshot
 * → manifest, BOM and the site's apt repository. Skipped when the inputs hash
 * matches the manifest already in public/vm/<id>/.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST_VERSION } from '../../src/machine/manifest.ts';
import { cacheEntry, restoreFromCache, storeInCache } from '../lib/machine-cache.ts';
import { ensureI386Runs } from '../setup/i386.ts';
import type { GuestManifest } from '../../src/machine/manifest.ts';
import { buildAptRepo, readAptRepo, seedAptLists } from './aptrepo.ts';
import { buildBom } from './bom.ts';
import { buildBootFiles } from './initramfs.ts';
import { installGuestModules } from './modules.ts';
import { debianMirror } from './mirror.ts';
import { pack9p } from './pack9p.ts';
import { loadRecipe } from './recipe.ts';
import type { Recipe } from './recipe.ts';
import { buildRootfs } from './rootfs.ts';
import { snapshot } from './snapshot.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const APT_HOST = 'depot.labo';
/** Kernel command line: serial console, zeroed free pages (smaller snapshots), no status noise. */
export const CMDLINE =
	'console=ttyS0 rw quiet loglevel=3 init_on_free=1 init_on_alloc=0 mitigations=off tsc=reliable ' +
	'random.trust_cpu=on systemd.show_status=false systemd.log_color=false';

function listFiles(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...listFiles(full));
		else out.push(full);
	}
	return out.sort();
}

/**
 * sha256 over everything that shapes one image: the recipe as this target
 * builds it (not the recipe file: adding or changing a variant does not
 * rebuild the others), the recipe folder except the overlays of other
 * variants and their build steps, the build scripts and the machine that
 * snapshots it. A rebuild costs the learners their saved machines, so only
 * real inputs count.
 */
export function imageHash(recipeDir: string, base: Recipe, recipe: Recipe): string {
	const h = createHash('sha256');
	// Its id and init are in it: a learner's saved machine belongs to one image.
	const { variants: _variants, ...resolved } = recipe;
	const otherOverlays = base.variants.flatMap((v) => (v.overlay && v.overlay !== recipe.overlay ? [v.overlay] : []));
	h.update(JSON.stringify(resolved)).update('\0');
	const skipped = new Set([join(recipeDir, 'recipe.yaml')]);
	// Another variant's folder and its build step (overlay-….sh, sourced by customize.sh) are not this image's.
	const theirs = (f: string) => otherOverlays.some((dir) => f.startsWith(join(recipeDir, dir) + '/') || f === join(recipeDir, `${dir}.sh`));
	const ownFiles = listFiles(recipeDir).filter((f) => !skipped.has(f) && !theirs(f));
	const files = [
		...ownFiles,
		...listFiles(join(ROOT, 'scripts/image')),
		// The machine that boots and snapshots the image: its agent, its manifest, and LabVm with the
		// modules it was cut into (the same code as before the split, so no more rebuilds than then).
		...['agent.ts', 'manifest.ts', 'v86/lab-vm.ts', 'v86/apt-route.ts', 'v86/file-hooks.ts', 'v86/screen-text.ts'].map((f) => join(ROOT, 'src/machine', f)),
	];
	for (const f of files) {
		h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
		h.update(String(statSync(f).mode & 0o111));
	}
	const v86 = JSON.parse(readFileSync(join(ROOT, 'node_modules/v86/package.json'), 'utf8')) as { version: string };
	h.update(`v86@${v86.version}`);
	return h.digest('hex');
}

function upToDate(outDir: string, hash: string): boolean {
	const file = join(outDir, 'manifest.json');
	if (!existsSync(file)) return false;
	try {
		const m = JSON.parse(readFileSync(file, 'utf8')) as GuestManifest;
		return m.inputsHash === hash && existsSync(join(outDir, m.v86.initial_state.url));
	} catch {
		return false;
	}
}

/**
 * What one build produces from a recipe: the recipe's own image, one of its
 * `variants` (published beside it), or another init measured with `--init`
 * (kept in .cache/vm/, not published).
 */
export interface ImageTarget {
	id: string;
	title: string;
	init: Recipe['init'];
	publish: boolean;
	/** A variant's own additions to the recipe (see `variants` in recipe.ts). */
	packages?: string[];
	memoryMiB?: number;
	hostname?: string;
	warmup?: Recipe['warmup'];
	/** A folder of the recipe copied over the root after `overlay/` (the variant's own tools). */
	overlay?: string;
}

/** The recipe as one target builds it: a variant adds its packages and warm-up, and may change RAM and host name. */
export function recipeFor(base: Recipe, target: ImageTarget | undefined): Recipe {
	if (!target) return base;
	return {
		...base,
		id: target.id,
		title: target.title,
		init: target.init,
		packages: [...base.packages, ...(target.packages ?? [])],
		memoryMiB: target.memoryMiB ?? base.memoryMiB,
		hostname: target.hostname ?? base.hostname,
		warmup: [...base.warmup, ...(target.warmup ?? [])],
		overlay: target.overlay ?? base.overlay,
	};
}

/**
 * The site's apt repository (public/apt/) is written by the recipe's own
 * image; its variants wait for it before seeding their apt lists, and may
 * build everything else meanwhile.
 */
interface AptRepoHandoff {
	/** Called by the image that owns the repository once it is written. */
	written?: () => void;
	/** Awaited by the others before they read it. */
	ready?: () => Promise<void>;
}

async function buildImage(recipeFile: string, force: boolean, target?: ImageTarget, aptRepo: AptRepoHandoff = {}): Promise<void> {
	const base = loadRecipe(recipeFile);
	const recipe = recipeFor(base, target);
	/** The recipe's own image builds the site's apt repository; the others seed their apt lists from it. */
	const ownsAptRepo = target === undefined;
	const publish = target?.publish ?? true;
	const recipeDir = dirname(resolve(recipeFile));
	const outDir = join(ROOT, publish ? 'public/vm' : '.cache/vm', recipe.id);
	const hash = imageHash(recipeDir, base, recipe);
	const log = (line: string) => console.log(`[image ${recipe.id}] ${line}`);
	const siteRepo = join(ROOT, 'public/apt');
	if (!force && upToDate(outDir, hash)) {
		log(`à jour (empreinte ${hash.slice(0, 12)}), rien à reconstruire`);
		if (publish && !existsSync(cacheEntry('vm', recipe.id, hash))) keepForTheMachine(outDir, siteRepo, recipe.id, hash, ownsAptRepo);
		return;
	}
	// Another checkout on this machine built the same inputs: reuse its image (and its apt repository).
	if (!force && publish && restoreFromCache(outDir, 'vm', recipe.id, hash) && upToDate(outDir, hash)) {
		if (ownsAptRepo && !restoreFromCache(siteRepo, 'apt', recipe.id, hash)) {
			rmSync(outDir, { recursive: true, force: true });
		} else {
			if (ownsAptRepo) aptRepo.written?.();
			log(`reprise du cache de la machine (empreinte ${hash.slice(0, 12)}), rien à reconstruire`);
			return;
		}
	}
	const started = performance.now();
	const secs = () => ((performance.now() - started) / 1000).toFixed(1);
	const work = join(ROOT, '.cache/image', recipe.id);
	const rootDir = join(work, 'root');
	rmSync(work, { recursive: true, force: true });
	mkdirSync(work, { recursive: true });

	const mirror = debianMirror();
	log(`système de fichiers Debian ${recipe.suite}/${recipe.arch} depuis ${mirror}`);
	await buildRootfs({
		recipe,
		recipeDir,
		mirror,
		rootDir,
		workDir: work,
		debCache: join(ROOT, '.cache/image/debs'),
		log,
	});
	// mmdebstrap removes what it copied from the host: write the guest's own.
	writeFileSync(join(rootDir, 'etc/hostname'), `${recipe.hostname}\n`);
	writeFileSync(join(rootDir, 'etc/resolv.conf'), 'nameserver 192.168.86.1\n');
	log(`racine prête (${secs()} s)`);

	if (!ownsAptRepo) await aptRepo.ready?.();
	const repo = ownsAptRepo
		? buildAptRepo(join(work, 'repo-debs'), siteRepo, recipe.suite, recipe.arch)
		: readAptRepo(siteRepo, recipe.suite, recipe.arch);
	if (ownsAptRepo) aptRepo.written?.();
	seedAptLists(rootDir, repo, APT_HOST, recipe.suite, recipe.arch);
	log(`dépôt apt du site : ${repo.debs.length} paquets (${repo.debs.map((d) => d.package).join(', ')})`);

	mkdirSync(outDir, { recursive: true });
	const boot = buildBootFiles(join(work, 'side-debs'), join(recipeDir, 'initramfs/init'), work, outDir);
	log(`noyau ${boot.kernelVersion}, modules de l'initramfs : ${boot.modules.join(' ')}`);
	const guestModules = installGuestModules(boot.moduleIndex, rootDir, recipe.kernelModules);
	log(`modules du noyau dans l’image : ${guestModules}`);
	// apt's binary cache, built here: as `eleve`, `apt list` cannot write it
	// and would rebuild it in memory at every call (seconds in the emulator).
	execFileSync('chroot', [rootDir, 'apt-cache', 'gencaches'], { stdio: ['ignore', 'ignore', 'pipe'] });

	const packStart = performance.now();
	const pack = await pack9p(rootDir, join(outDir, 'fs.json'), join(outDir, 'files'));
	log(
		`9p : ${pack.files} fichiers, ${(pack.bytes / 1e6).toFixed(1)} Mo → ${(pack.storedBytes / 1e6).toFixed(1)} Mo compressés ` +
			`(${((performance.now() - packStart) / 1000).toFixed(1)} s)`,
	);
	const bomData = buildBom({ image: recipe.id, title: recipe.title, suite: recipe.suite, arch: recipe.arch, workDir: work });
	writeFileSync(join(outDir, 'bom.json'), JSON.stringify(bomData, null, '\t'));

	const size = (f: string) => statSync(join(outDir, f)).size;
	const manifest: GuestManifest = {
		version: MANIFEST_VERSION,
		id: recipe.id,
		title: recipe.title,
		inputsHash: hash,
		builtAt: new Date().toISOString(),
		prompt: `${recipe.user}@${recipe.hostname}:~$ `,
		user: recipe.user,
		hostname: recipe.hostname,
		v86: {
			bios: { url: boot.bios, size: size(boot.bios) },
			vga_bios: { url: boot.vgaBios, size: size(boot.vgaBios) },
			initial_state: { url: 'state.bin.zst', size: 1, rawSize: 1 },
			filesystem: { basefs: 'fs.json', baseurl: 'files/' },
			memory_size: recipe.memoryMiB * 1024 * 1024,
			vga_memory_size: recipe.vgaMemoryMiB * 1024 * 1024,
			uart1: true,
			net_device: { type: 'ne2k', relay_url: 'fetch' },
		},
		cold: {
			bzimage: { url: boot.kernel, size: size(boot.kernel) },
			initrd: { url: boot.initrd, size: size(boot.initrd) },
			cmdline: CMDLINE,
		},
		agent: { serial: 1, protocol: 'labo-1' },
		network: { aptHost: APT_HOST, apt: '../../apt/' },
		bom: 'bom.json',
		stats: {},
	};
	const manifestFile = join(outDir, 'manifest.json');
	// Written without a valid state first: a failed boot leaves no "up to date" image.
	writeFileSync(manifestFile, JSON.stringify({ ...manifest, inputsHash: '0'.repeat(64) }, null, '\t'));
	log('démarrage dans v86 (Node)…');
	const snap = await snapshot(manifest, manifestFile, join(outDir, 'state.tmp.zst'), recipe.warmup, log);
	manifest.v86.initial_state = { url: nameStateByContent(outDir, 'state.tmp.zst'), size: snap.compressedBytes, rawSize: snap.rawBytes };
	manifest.stats = {
		buildSeconds: Math.round((performance.now() - started) / 100) / 10,
		coldBootSeconds: Math.round(snap.bootSeconds * 10) / 10,
		stateRawBytes: snap.rawBytes,
		stateBytes: snap.compressedBytes,
		memUsedKiB: snap.memUsedKiB,
		processes: snap.processes,
		files: pack.files,
		filesBytes: pack.bytes,
		filesStoredBytes: pack.storedBytes,
		packages: bomData.packages.filter((p) => p.role === 'system').length,
	};
	writeFileSync(manifestFile, JSON.stringify(manifest, null, '\t'));
	if (publish) keepForTheMachine(outDir, siteRepo, recipe.id, hash, ownsAptRepo);
	log(
		`état : ${(snap.rawBytes / 1e6).toFixed(1)} Mo bruts → ${(snap.compressedBytes / 1e6).toFixed(2)} Mo zstd ; ` +
			`${snap.memUsedKiB} Kio utilisés, ${snap.processes} processus ; image prête en ${secs()} s`,
	);
}

/** A published image (and the apt repository its recipe owns) kept in the machine cache for other checkouts. */
function keepForTheMachine(outDir: string, siteRepo: string, id: string, hash: string, ownsAptRepo: boolean): void {
	// The repository first: an image entry is only used when its repository is there too.
	if (ownsAptRepo) storeInCache(siteRepo, 'apt', id, hash);
	storeInCache(outDir, 'vm', id, hash);
}

/**
 * Renames the snapshot `state-<sha256>.bin.zst` and removes the previous
 * ones: a name that changes with the content can be cached for good, by
 * browsers and by the service worker, and read from its cache without
 * asking the server whether it changed.
 */
function nameStateByContent(outDir: string, file: string): string {
	const sha = createHash('sha256').update(readFileSync(join(outDir, file))).digest('hex');
	const name = `state-${sha}.bin.zst`;
	for (const old of readdirSync(outDir)) if (/^state(-[0-9a-f]+)?\.bin\.zst$/.test(old)) rmSync(join(outDir, old));
	renameSync(join(outDir, file), join(outDir, name));
	return name;
}

/** What main builds from a recipe: its own image first, then its variants, then another init if asked. */
function targetsOf(recipe: Recipe, init: string | undefined): (ImageTarget | undefined)[] {
	const targets: (ImageTarget | undefined)[] = [undefined, ...recipe.variants.map((variant) => ({ ...variant, publish: true }))];
	if (init === 'systemd' || init === 'sysvinit') {
		if (init !== recipe.init) targets.push({ id: `${recipe.id}-${init}`, title: `${recipe.title} (${init})`, init, publish: false });
	}
	return targets;
}

/**
 * Messages between main and the process building one image: an image that
 * needs the site's apt repository says it is waiting; the image that builds
 * the repository says when it is written; main answers the waiting ones.
 */
type AptRepoMessage = { aptRepo: 'waiting' | 'written' | 'ready' | 'failed' };

/**
 * Builds the images of a recipe side by side, one process each: a build keeps
 * about one core busy (dpkg, then the emulator), and two emulators in one
 * Node process do not keep running reliably (a guest stopped answering when
 * the other one was destroyed).
 */
async function buildSideBySide(recipeFile: string, recipe: Recipe, flags: string[]): Promise<void> {
	const targets = targetsOf(recipe, flags.find((a) => a.startsWith('--init='))?.slice('--init='.length));
	const children = targets.map((target) =>
		fork(fileURLToPath(import.meta.url), [...flags.filter((f) => f === '--force'), `--target=${target?.id ?? recipe.id}`, recipeFile], {
			stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
		}),
	);
	let repo: 'pending' | 'ready' | 'failed' = 'pending';
	const waiting = new Set<ChildProcess>();
	const answer = (child: ChildProcess) => {
		if (repo === 'pending') return waiting.add(child);
		if (child.connected) child.send({ aptRepo: repo } satisfies AptRepoMessage);
	};
	const settle = (state: 'ready' | 'failed') => {
		if (repo !== 'pending') return;
		repo = state;
		for (const child of waiting) answer(child);
		waiting.clear();
	};
	for (const child of children) {
		child.on('message', (message: AptRepoMessage) => {
			if (message.aptRepo === 'waiting') answer(child);
			if (message.aptRepo === 'written') settle('ready');
		});
	}
	const outcomes = await Promise.all(
		children.map(
			(child, index) =>
				new Promise<string | undefined>((done) => {
					let errors = '';
					child.stderr?.on('data', (chunk: Buffer) => {
						errors += chunk.toString();
					});
					child.on('exit', (code) => {
						// The recipe's own image: up to date (its repository is there), or failed before writing it.
						if (index === 0) settle(code === 0 ? 'ready' : 'failed');
						done(code === 0 ? undefined : errors.trim() || `image ${targets[index]?.id ?? recipe.id} : code ${code}`);
					});
				}),
		),
	);
	const failures = [...new Set(outcomes.filter((outcome) => outcome !== undefined))];
	if (failures.length > 0) throw new Error(failures.join('\n\n'));
}

/** In a process forked by buildSideBySide: builds the one image named by --target. */
async function buildTarget(recipeFile: string, id: string, force: boolean): Promise<void> {
	const recipe = loadRecipe(recipeFile);
	const target = targetsOf(recipe, id.endsWith('-systemd') ? 'systemd' : id.endsWith('-sysvinit') ? 'sysvinit' : undefined).find(
		(t) => (t?.id ?? recipe.id) === id,
	);
	if (target === undefined && id !== recipe.id) throw new Error(`--target=${id} : image inconnue de la recette ${recipeFile}`);
	const send = (message: AptRepoMessage) => process.send?.(message);
	await buildImage(recipeFile, force, target, {
		written: () => send({ aptRepo: 'written' }),
		ready: () =>
			new Promise<void>((resolve, reject) => {
				// Run by hand, without main: the repository is read as it is.
				if (!process.send) return resolve();
				process.on('message', (message: AptRepoMessage) => {
					if (message.aptRepo === 'ready') resolve();
					if (message.aptRepo === 'failed') reject(new Error('le dépôt apt du site n’a pas été construit (voir l’image principale de la recette)'));
				});
				send({ aptRepo: 'waiting' });
			}),
	});
	process.disconnect?.();
}

async function main(): Promise<void> {
	// Checked again here, not only by the preflight: anything that stops a
	// systemd container on this machine (the stack tests' host) may have
	// unregistered every binfmt_misc entry since.
	ensureI386Runs();
	const args = process.argv.slice(2);
	const force = args.includes('--force');
	const init = args.find((a) => a.startsWith('--init='))?.slice('--init='.length);
	if (init !== undefined && init !== 'systemd' && init !== 'sysvinit') {
		throw new Error(`--init=${init} : valeurs acceptées systemd ou sysvinit`);
	}
	let recipes = args.filter((a) => !a.startsWith('--'));
	if (recipes.length === 0) {
		const dir = join(ROOT, 'labs/image');
		recipes = readdirSync(dir)
			.map((d) => join(dir, d, 'recipe.yaml'))
			.filter((f) => existsSync(f));
	}
	const target = args.find((a) => a.startsWith('--target='))?.slice('--target='.length);
	if (target !== undefined) {
		await buildTarget(recipes[0], target, force);
		return;
	}
	for (const file of recipes) await buildSideBySide(file, loadRecipe(file), args.filter((a) => a.startsWith('--')));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main().then(
		() => process.exit(0),
		(error: Error) => {
			// Forked by buildSideBySide: main says it, once for all the images.
			console.error(process.send ? error.message : `\nÉchec de la construction de l’image invitée :\n${error.message}`);
			process.exit(1);
		},
	);
}
