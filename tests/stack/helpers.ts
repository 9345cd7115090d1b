/**
 * Helpers of the generator's tests: write a bundle to disk, run a Debian
 * tool, prepare the bats bench.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, writeFileSync, chmodSync, readFileSync, mkdtempSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { readConfig, buildBundle, type Bundle, type Config } from '../../src/stack/index.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const EXAMPLES = join(REPO_ROOT, 'src', 'stack', 'exemples');
export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Debian packages these tests need (CI installs them). */
export const DEBIAN_PACKAGES = 'shellcheck bats nginx-light nftables ifupdown';

export function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
	if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
		throw new Error(`« ${cmd} » est introuvable : installe les paquets Debian ${DEBIAN_PACKAGES}`);
	}
	return { code: r.status ?? -1, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export function writeBundle(dir: string, bundle: Bundle) {
	for (const f of bundle.files) {
		const target = join(dir, f.path);
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(target, f.content);
		chmodSync(target, Number.parseInt(f.mode, 8));
	}
}

/** A validated config from YAML text (throws with the French errors). */
export function configFrom(text: string): Config {
	const r = readConfig(text);
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.config;
}

export function exampleText(name: string): string {
	return readFileSync(join(EXAMPLES, name), 'utf8');
}

export function exampleBundle(name: string): Bundle {
	const text = exampleText(name);
	return buildBundle(configFrom(text), text);
}

/** bats bench: fake downloads, their sums in the config, bundle written, expected calls. */
export function prepareBench(fixture = 'banc.yaml', edit: (text: string) => string = (t) => t) {
	const base = mkdtempSync(join(tmpdir(), 'ab-bench-'));
	const downloads = join(base, 'telechargements');
	mkdirSync(downloads);
	const fakes: Record<string, string> = { CLE: 'proxmox-banc.gpg', NEXTCLOUD: 'nextcloud-banc.tar.bz2', ELEMENT: 'element-banc.tar.gz' };
	let text = edit(readFileSync(join(FIXTURES, fixture), 'utf8'));
	for (const [key, file] of Object.entries(fakes)) {
		let content: string | Buffer = `faux contenu de ${file}\n`;
		if (key === 'NEXTCLOUD') {
			// A real (tiny) Nextcloud-shaped tarball: the upgrade logic unpacks it for real.
			const tree = join(base, 'nextcloud-arbre');
			mkdirSync(join(tree, 'nextcloud', 'apps', 'files'), { recursive: true });
			mkdirSync(join(tree, 'nextcloud', 'config'), { recursive: true });
			writeFileSync(join(tree, 'nextcloud', 'version.php'), '<?php $OC_Version = [99, 0, 0, 0];\n');
			writeFileSync(join(tree, 'nextcloud', 'apps', 'files', 'info.xml'), '<info/>\n');
			const r = run('tar', ['-cjf', join(downloads, file), '-C', tree, 'nextcloud']);
			if (r.code !== 0) throw new Error(r.output);
			content = readFileSync(join(downloads, file));
		} else writeFileSync(join(downloads, file), content);
		text = text.replace(`@${key}@`, createHash('sha256').update(content).digest('hex'));
	}
	const bundle = buildBundle(configFrom(text), text);
	const dir = join(base, 'paquet');
	writeBundle(dir, bundle);
	const expected = bundle.plan.actions.flatMap((a) => a.commands.map((c) => `${a.id}\t${c}`));
	writeFileSync(join(base, 'attendus.tsv'), `${expected.join('\n')}\n`);
	return { base, dir, downloads, bundle };
}

/** Turns French typography's non-breaking spaces into plain spaces, to compare. */
export function plainSpaces(text: string): string {
	return text.replace(/[\u00a0\u202f]/g, ' ');
}

/** Variants of the bench config, one bundle each (AB_TEST_PAQUET_<NAME> in deploy.bats). */
const BENCH_VARIANTS: Record<string, (text: string) => string> = {
	// The host has no « local-lvm » (Proxmox VE installed over Debian).
	LVM: (t) => t.replace('services:\n', 'stockage:\n  conteneurs: local-lvm\nservices:\n'),
	// Backups on the containers' own disk: no PBS.
	LOCAL: (t) => t.replace(/^  pbs:\n(    .*\n)+/m, ''),
};

/** Environment of the bats suite: the main bench and its variants. */
export function benchEnv(): Record<string, string> {
	const bench = prepareBench();
	const env: Record<string, string> = {
		AB_TEST_PAQUET: bench.dir,
		AB_TEST_TELECHARGEMENTS: bench.downloads,
		AB_TEST_PLAN_NOMBRE: String(bench.bundle.plan.actions.length),
	};
	for (const [name, edit] of Object.entries(BENCH_VARIANTS)) env[`AB_TEST_PAQUET_${name}`] = prepareBench('banc.yaml', edit).dir;
	return env;
}
