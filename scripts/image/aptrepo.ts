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
		const field = (f: string) => control.match(new RegExp(`^${f}: (.*)$`, 'm'))?.[1] ?? '';
		debs.push({
			package: field('Package'),
			version: field('Version'),
			source: (field('Source') || field('Package')).split(' ')[0]!,
			file: `pool/main/${safe}`,
		});
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
