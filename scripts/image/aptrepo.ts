/**
 * The site's own Debian repository (`public/apt/`): a handful of .deb files
 * for labs, with a Packages index whose checksums apt verifies against the
 * Release file. The guest reaches it as http://depot.labo/apt/.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AptRepo {
	release: string;
	packages: string;
	debs: Array<{ package: string; version: string; source: string; file: string }>;
}

const hash = (algo: string, data: Buffer | string) => createHash(algo).update(data).digest('hex');

const controlField = (control: string, name: string) => control.match(new RegExp(`^${name}: (.*)$`, 'm'))?.[1] ?? '';

/** A package of the repository, from its control fields (a .deb's, or its stanza in Packages). */
function debEntry(control: string, file: string): AptRepo['debs'][number] {
	const name = controlField(control, 'Package');
	return { package: name, version: controlField(control, 'Version'), source: (controlField(control, 'Source') || name).split(' ')[0]!, file };
}

export function buildAptRepo(debDir: string, outDir: string, suite: string, arch: string): AptRepo {
	rmSync(outDir, { recursive: true, force: true });
	const pool = join(outDir, 'pool/main');
	mkdirSync(pool, { recursive: true });
	const stanzas: string[] = [];
	const debs: AptRepo['debs'] = [];
	const files = readdirSync(debDir)
		.filter((f) => f.endsWith('.deb'))
		.sort();
	for (const name of files) {
		const src = join(debDir, name);
		const data = readFileSync(src);
		// Plain names: some static servers mishandle the %3a of epochs.
		const safe = name.replaceAll('%3a', '_');
		copyFileSync(src, join(pool, safe));
		const control = execFileSync('dpkg-deb', ['-f', src], { encoding: 'utf8' }).trimEnd();
		debs.push(debEntry(control, `pool/main/${safe}`));
		stanzas.push(
			`${control}\nFilename: pool/main/${safe}\nSize: ${data.length}\nMD5sum: ${hash('md5', data)}\nSHA256: ${hash('sha256', data)}\n`,
		);
	}
	const packages = stanzas.join('\n');
	const dist = join(outDir, 'dists', suite);
	const binDir = join(dist, 'main', `binary-${arch}`);
	mkdirSync(binDir, { recursive: true });
	const packagesGz = gzipSync(packages, { level: 9 });
	writeFileSync(join(binDir, 'Packages'), packages);
	writeFileSync(join(binDir, 'Packages.gz'), packagesGz);
	const entries: Array<[string, Buffer | string]> = [
		[`main/binary-${arch}/Packages`, packages],
		[`main/binary-${arch}/Packages.gz`, packagesGz],
	];
	const sums = (algo: string) =>
		entries.map(([p, d]) => ` ${hash(algo, d)} ${Buffer.byteLength(d).toString().padStart(8)} ${p}`).join('\n');
	const release = [
		'Origin: Alliance Boreale',
		'Label: Depot des laboratoires',
		`Suite: ${suite}`,
		`Codename: ${suite}`,
		`Date: ${new Date().toUTCString()}`,
		`Architectures: ${arch}`,
		'Components: main',
		'Description: Paquets Debian pour les laboratoires (copie des paquets officiels)',
		'MD5Sum:',
		sums('md5'),
		'SHA256:',
		sums('sha256'),
		'',
	].join('\n');
	writeFileSync(join(dist, 'Release'), release);
	return { release, packages, debs };
}

/**
 * The repository `buildAptRepo` wrote to `repoDir`, read back: another image
 * of the site seeds its apt lists with the very Release and Packages files
 * the site serves.
 */
export function readAptRepo(repoDir: string, suite: string, arch: string): AptRepo {
	const dist = join(repoDir, 'dists', suite);
	let release: string;
	let packages: string;
	try {
		release = readFileSync(join(dist, 'Release'), 'utf8');
		packages = readFileSync(join(dist, 'main', `binary-${arch}`, 'Packages'), 'utf8');
	} catch {
		throw new Error(`dépôt apt du site absent de ${repoDir} : l’image principale de la recette le construit, avant ses variantes`);
	}
	const debs = packages
		.split(/\n\n+/)
		.filter((stanza) => stanza.trim())
		.map((stanza) => debEntry(stanza, controlField(stanza, 'Filename')));
	return { release, packages, debs };
}

/**
 * Pre-seeds the guest's apt lists, as `apt update` would have left them, so
 * `sudo apt install nginx-light` works at once.
 */
export function seedAptLists(rootDir: string, repo: AptRepo, host: string, suite: string, arch: string): void {
	const lists = join(rootDir, 'var/lib/apt/lists');
	mkdirSync(join(lists, 'partial'), { recursive: true });
	const prefix = `${host}_apt_dists_${suite}`;
	writeFileSync(join(lists, `${prefix}_Release`), repo.release);
	writeFileSync(join(lists, `${prefix}_main_binary-${arch}_Packages`), repo.packages);
}
