/**
 * Bill of materials of an image: every Debian package in it (or used to boot
 * it, or served by the site's repository), with versions and licences.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bom, BomPackage, BomRole } from '../../src/machine/bom.ts';

export type { Bom, BomPackage, BomRole };

function licensesOf(copyright: string): string[] {
	const set = new Set<string>();
	for (const m of copyright.matchAll(/^License: *(.+)$/gm)) set.add(m[1]!.trim());
	return [...set].sort();
}

function fromDeb(file: string, role: BomRole): BomPackage {
	const f = (name: string) => execFileSync('dpkg-deb', ['-f', file, name], { encoding: 'utf8' }).trim();
	const name = f('Package');
	const version = f('Version');
	const src = f('Source');
	const [source, paren] = src ? src.split(' ') : [name, ''];
	let licenses: string[] = [];
	try {
		const text = execFileSync('dpkg-deb', ['--fsys-tarfile', file], { maxBuffer: 512 << 20 });
		// Only the copyright file is needed: extract it from the data tarball.
		const copyright = execFileSync('tar', ['-xOf', '-', `./usr/share/doc/${name}/copyright`], {
			input: text,
			maxBuffer: 64 << 20,
			stdio: ['pipe', 'pipe', 'ignore'],
		}).toString();
		licenses = licensesOf(copyright);
	} catch {
		// Copyright shipped under another package's doc dir (symlinked docs).
	}
	return {
		name,
		version,
		source: source!,
		sourceVersion: paren ? paren.replace(/[()]/g, '') : version,
		arch: f('Architecture'),
		licenses,
		role,
	};
}

export function buildBom(opts: {
	image: string;
	title: string;
	suite: string;
	arch: string;
	workDir: string;
}): Bom {
	const lic = new Map<string, string[]>();
	const licFile = join(opts.workDir, 'licenses.tsv');
	if (existsSync(licFile)) {
		for (const line of readFileSync(licFile, 'utf8').split('\n')) {
			const [pkg, list] = line.split('\t');
			if (pkg && list) lic.set(pkg, list.split('|').filter(Boolean));
		}
	}
	const packages: BomPackage[] = [];
	for (const line of readFileSync(join(opts.workDir, 'packages.tsv'), 'utf8').split('\n')) {
		const [name, version, source, sourceVersion, arch] = line.split('\t');
		if (!name || !version) continue;
		packages.push({
			name,
			version,
			source: source || name,
			sourceVersion: sourceVersion || version,
			arch: arch ?? '',
			licenses: lic.get(name) ?? [],
			role: 'system',
		});
	}
	for (const [dir, role] of [
		['side-debs', 'boot'],
		['repo-debs', 'repository'],
	] as const) {
		const full = join(opts.workDir, dir);
		if (!existsSync(full)) continue;
		for (const f of readdirSync(full).sort()) if (f.endsWith('.deb')) packages.push(fromDeb(join(full, f), role));
	}
	return {
		image: opts.image,
		title: opts.title,
		suite: opts.suite,
		arch: opts.arch,
		generatedAt: new Date().toISOString(),
		packages,
	};
}
