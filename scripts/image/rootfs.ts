/**
 * Builds the guest root filesystem with mmdebstrap (Debian packages only),
 * then runs the recipe's customize hook (labs/image/<id>/customize.sh).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Recipe } from './recipe.ts';

/** dpkg filters: what a learner never reads is not even unpacked. */
function dpkgFilters(keep: string[]): string[] {
	const opts = [
		'path-exclude=/usr/share/doc/*',
		'path-include=/usr/share/doc/*/copyright',
		'path-exclude=/usr/share/man/*',
		'path-include=/usr/share/man/man[1-9]/*',
		'path-exclude=/usr/share/locale/*',
		'path-include=/usr/share/locale/locale.alias',
		'path-exclude=/usr/share/info/*',
		'path-exclude=/usr/share/lintian/*',
	];
	for (const lang of keep) {
		opts.push(`path-include=/usr/share/man/${lang}/*`, `path-include=/usr/share/locale/${lang}/*`);
	}
	return opts;
}

export interface RootfsOptions {
	recipe: Recipe;
	recipeDir: string;
	mirror: string;
	rootDir: string;
	workDir: string;
	debCache: string;
	log: (line: string) => void;
}

/** Runs mmdebstrap; a package Debian does not have fails with a French message. */
export async function buildRootfs(o: RootfsOptions): Promise<void> {
	const { recipe } = o;
	mkdirSync(o.debCache, { recursive: true });
	mkdirSync(o.workDir, { recursive: true });
	// Downloads land in this build's own folder, then move into the shared
	// cache one by one (see keepDownloads): images build side by side.
	const downloads = join(o.workDir, 'debs');
	rmSync(downloads, { recursive: true, force: true });
	mkdirSync(downloads);
	// The recipe names systemd's init; sysvinit-core replaces it.
	const packages = recipe.init === 'sysvinit' ? recipe.packages.filter((p) => p !== 'systemd-sysv') : [...recipe.packages];
	if (recipe.init === 'sysvinit' && !packages.includes('sysvinit-core')) packages.push('sysvinit-core');
	const args = [
		`--variant=${recipe.variant}`,
		`--arch=${recipe.arch}`,
		`--include=${packages.join(',')}`,
		...dpkgFilters(recipe.keepLanguages).map((opt) => `--dpkgopt=${opt}`),
		'--aptopt=Acquire::Languages "none"',
		// Reuse downloaded .deb files between builds (CI and developers).
		`--setup-hook=mkdir -p "$1/var/cache/apt/archives" && find '${o.debCache}' -name '*.deb' -exec cp {} "$1/var/cache/apt/archives/" \\;`,
		`--customize-hook=${o.recipeDir}/customize.sh "$1"`,
		`--customize-hook=sync-out /var/cache/apt/archives ${downloads}`,
		'--customize-hook=rm -f "$1"/var/cache/apt/archives/*.deb',
		recipe.suite,
		o.rootDir,
		o.mirror,
	];
	const env = {
		...process.env,
		LABO_WORK: o.workDir,
		LABO_KERNEL: recipe.kernel,
		LABO_INIT: recipe.init,
		LABO_SUITE: recipe.suite,
		LABO_USER: recipe.user,
		LABO_HOSTNAME: recipe.hostname,
		LABO_LOCALE: recipe.locale,
		LABO_TZ: recipe.timezone,
		LABO_KEEP_LANGS: recipe.keepLanguages.join(' '),
		LABO_CATPAGES: [...new Set(recipe.catPages)].join(' '),
		LABO_REPO_PACKAGES: recipe.aptRepo.packages.join(' '),
		LABO_OVERLAY: recipe.overlay ?? '',
	};
	const output: string[] = [];
	const code = await new Promise<number>((resolve, reject) => {
		const child = spawn('mmdebstrap', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		const onData = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line) continue;
				output.push(line);
				if (/^(I: (running|installing|downloading)|E:|W:)/.test(line)) o.log(line);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', (error) =>
			reject(
				new Error(
					`impossible de lancer mmdebstrap (${error.message}) : installez-le avec « apt-get install mmdebstrap »`,
				),
			),
		);
		child.on('close', (c) => resolve(c ?? 1));
	});
	if (code === 0) {
		keepDownloads(downloads, o.debCache);
		return;
	}
	const text = output.join('\n');
	const missing = [
		...text.matchAll(/Unable to locate package (\S+)|Package '?([^' ]+)'? has no installation candidate|Impossible de trouver le paquet (\S+)/g),
	].map((m) => m[1] ?? m[2] ?? m[3]);
	if (missing.length > 0) {
		throw new Error(
			`Recette ${recipe.id} : paquet(s) Debian introuvable(s) dans ${recipe.suite}/${recipe.arch} : ` +
				`${[...new Set(missing)].join(', ')}. Corrigez le champ « packages » (ou « aptRepo.packages ») de la recette.`,
		);
	}
	throw new Error(
		`Recette ${recipe.id} : mmdebstrap a échoué (code ${code}). Dernières lignes :\n${output.slice(-15).join('\n')}`,
	);
}

/**
 * Moves the .deb files a build downloaded into the cache shared by every
 * build. A rename is atomic: another build copying from the cache at that
 * moment sees a whole file or none, never half of one.
 */
function keepDownloads(downloads: string, cache: string): void {
	for (const name of readdirSync(downloads)) {
		if (name.endsWith('.deb') && !existsSync(join(cache, name))) renameSync(join(downloads, name), join(cache, name));
	}
	rmSync(downloads, { recursive: true, force: true });
}
