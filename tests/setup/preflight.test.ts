/**
 * The preflight that `npm start` and `npm test` run first: the list of Debian
 * packages, the French messages, and the real command as a user who is not
 * root, with a package missing (`sl`, a small real package this machine does
 * not have): it stops at once, says what to run, and nothing is built.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	installCommands,
	installedPackages,
	installMessage,
	PackageListError,
	packagesFor,
	parsePackageList,
	sudoLine,
	sudoMessage,
	type DebianPackage,
} from '../../scripts/setup/packages.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const LIST = join(ROOT, 'scripts/setup/debian-packages.txt');
const PREFLIGHT = join(ROOT, 'scripts/setup/preflight.ts');
/** A real Debian package, small, that nothing here installs. */
const ABSENT = 'sl';
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

const pkg = (name: string, why = '', purpose: DebianPackage['purpose'] = 'start'): DebianPackage => ({ name, why, purpose });

describe('the list (scripts/setup/debian-packages.txt)', () => {
	const packages = parsePackageList(readFileSync(LIST, 'utf8'), LIST);

	test('names what the image build needs for npm start, the test tools for npm test only', () => {
		expect(packagesFor('start', packages).map((p) => p.name)).toEqual(expect.arrayContaining(['mmdebstrap', 'arch-test', 'cpio']));
		expect(packagesFor('start', packages).map((p) => p.name)).not.toContain('chromium');
		expect(packagesFor('test', packages).map((p) => p.name)).toEqual(expect.arrayContaining(['mmdebstrap', 'chromium', 'shellcheck', 'bats', 'debootstrap']));
	});

	test('every package says why it is needed', () => {
		expect(packages.filter((p) => p.why.length < 10).map((p) => p.name)).toEqual([]);
	});
});

describe('parsePackageList', () => {
	test('one package per line, its comment as the reason, sections [start] and [test]', () => {
		const text = '# en-tête\n\ncpio   # emballer l’initramfs\n[test]\n  bats\t# tester  \n# fin\n';
		expect(parsePackageList(text, 'liste.txt')).toEqual([pkg('cpio', 'emballer l’initramfs'), pkg('bats', 'tester', 'test')]);
	});

	test.each([
		['two packages on a line', 'cpio bats', 'liste.txt:2 : « cpio bats » ; un seul paquet par ligne, suivi si besoin de « # pourquoi ».'],
		['a name Debian refuses', 'Chromium', 'liste.txt:2 : « Chromium » n’est pas un nom de paquet Debian (minuscules, chiffres, « + », « - », « . »).'],
		['an unknown section', '[tests]', 'liste.txt:2 : section « [tests] » inconnue ; sections acceptées : [start], [test].'],
		['a package listed twice', 'mmdebstrap', 'liste.txt:2 : « mmdebstrap » figure déjà plus haut dans la liste.'],
	])('refuses %s, naming the line and what is accepted', (_case, line, message) => {
		const parse = () => parsePackageList(`mmdebstrap # construire\n${line}\n`, 'liste.txt');
		expect(parse).toThrow(PackageListError);
		expect(parse).toThrow(message);
	});
});

describe('messages and commands', () => {
	const missing = [pkg('mmdebstrap', 'construire l’image'), pkg('cpio')];

	test('as root: what is installed and why, then apt-get update and a non-interactive install', () => {
		expect(installMessage('start', missing)).toBe(
			'2 paquets Debian manquent pour « npm start » ; ils sont installés maintenant (apt-get, en root) :\n  - mmdebstrap : construire l’image\n  - cpio',
		);
		expect(installMessage('test', [missing[1]])).toMatch(/^Un paquet Debian manque pour « npm test » ; il est installé maintenant/);
		expect(installCommands(missing)).toEqual([
			['apt-get', 'update'],
			['apt-get', 'install', '-y', '--no-install-recommends', 'mmdebstrap', 'cpio'],
		]);
	});

	test('anyone else: what is missing and why, then the single line to run', () => {
		expect(sudoLine(missing)).toBe('sudo apt-get install --no-install-recommends mmdebstrap cpio');
		const message = sudoMessage('test', missing);
		expect(message.split('\n')).toEqual([
			'2 paquets Debian manquent pour « npm test » :',
			'  - mmdebstrap : construire l’image',
			'  - cpio',
			'Rien n’a été construit. Installe ces paquets (il faut les droits root), puis relance « npm test » :',
			'',
			'sudo apt-get install --no-install-recommends mmdebstrap cpio',
		]);
		expect(message.match(/^sudo /gm)).toHaveLength(1);
	});
});

describe('installedPackages asks dpkg', () => {
	test('tells installed packages from missing and unknown ones', () => {
		expect([...installedPackages(['dpkg', ABSENT, 'paquet-qui-n-existe-pas'])]).toEqual(['dpkg']);
	});
});

describe('the real preflight, with a package missing', () => {
	let dir: string;
	let list: string;

	beforeAll(() => {
		expect(installedPackages([ABSENT]).has(ABSENT), `le paquet « ${ABSENT} » est installé ici : ce test a besoin d’un paquet absent`).toBe(false);
		dir = mkdtempSync(join(tmpdir(), 'preflight-'));
		chmodSync(dir, 0o755);
		list = join(dir, 'paquets.txt');
		writeFileSync(list, `[start]\ndpkg # gérer les paquets\n${ABSENT}  # un petit paquet absent exprès\n`);
		chmodSync(list, 0o644);
	});

	afterAll(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	/** Runs a command as a user who is not root (nobody, when the tests run as root). */
	function asUser(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
		const [file, argv] = isRoot
			? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', command, ...args]]
			: [command, args];
		const started = performance.now();
		const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000, ...options });
		return { ...result, seconds: (performance.now() - started) / 1000 };
	}

	test('not root: stops at once, non-zero, with the French message and the sudo line', () => {
		const run = asUser(process.execPath, [PREFLIGHT, 'start'], { env: { ...process.env, LABO_DEBIAN_PACKAGES: list } });
		expect(run.status, run.stderr).toBe(1);
		expect(run.seconds).toBeLessThan(10);
		expect(run.stderr).toContain('Un paquet Debian manque pour « npm start » :\n  - sl : un petit paquet absent exprès\nRien n’a été construit.');
		expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(`sudo apt-get install --no-install-recommends ${ABSENT}`);
	});

	test('`npm start` itself, not root, in a copy of the project: stops before the build, nothing built', () => {
		const copy = join(dir, 'projet');
		mkdirSync(copy);
		cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
		cpSync(join(ROOT, 'scripts'), join(copy, 'scripts'), { recursive: true });
		// The project's own Node 24 (node_modules/.bin/node), as after `npm install`.
		symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
		const home = join(dir, 'maison');
		mkdirSync(home);
		for (const path of [copy, home]) spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, path]);
		const before = readdirSync(copy).sort();

		const run = asUser('npm', ['start'], {
			cwd: copy,
			env: { PATH: process.env.PATH, HOME: home, npm_config_cache: join(home, '.npm'), npm_config_update_notifier: 'false', LABO_DEBIAN_PACKAGES: list },
		});
		expect(run.status, `${run.stdout}\n${run.stderr}`).not.toBe(0);
		expect(run.seconds).toBeLessThan(30);
		expect(run.stderr).toContain(`sudo apt-get install --no-install-recommends ${ABSENT}`);
		// The build (`npm run build`: images, then Astro) never started.
		expect(run.stdout).toMatch(/^> alliance-boreale@[\d.]+ start$/m);
		expect(`${run.stdout}${run.stderr}`).not.toMatch(/^> alliance-boreale@[\d.]+ (build|images)$/m);
		expect(readdirSync(copy).sort()).toEqual(before);
		for (const built of ['dist', '.cache', 'public']) expect(existsSync(join(copy, built)), built).toBe(false);
	});

	test.runIf(isRoot)('root, --plan: says what it would install and why, runs nothing', () => {
		const run = spawnSync(process.execPath, [PREFLIGHT, 'start', '--plan'], { encoding: 'utf8', env: { ...process.env, LABO_DEBIAN_PACKAGES: list } });
		expect(run.status, run.stderr).toBe(0);
		expect(run.stdout.split('\n')).toEqual([
			'--plan : rien n’est installé, voici ce que la commande ferait.',
			'Un paquet Debian manque pour « npm start » ; il est installé maintenant (apt-get, en root) :',
			'  - sl : un petit paquet absent exprès',
			'  (--plan, non lancé) apt-get update',
			`  (--plan, non lancé) apt-get install -y --no-install-recommends ${ABSENT}`,
			'',
		]);
		expect(installedPackages([ABSENT]).has(ABSENT)).toBe(false);
	});

	test('nothing missing: one line, and the command goes on', () => {
		writeFileSync(join(dir, 'complet.txt'), 'dpkg # gérer les paquets\n');
		const run = spawnSync(process.execPath, [PREFLIGHT, 'test'], { encoding: 'utf8', env: { ...process.env, LABO_DEBIAN_PACKAGES: join(dir, 'complet.txt') } });
		expect(run.status, run.stderr).toBe(0);
		expect(run.stdout).toBe('Paquets Debian pour « npm test » : tous en place (1).\n');
	});

	test('a bad list or argument stops with a French message', () => {
		writeFileSync(join(dir, 'fausse.txt'), 'cpio bats\n');
		const bad = spawnSync(process.execPath, [PREFLIGHT, 'start'], { encoding: 'utf8', env: { ...process.env, LABO_DEBIAN_PACKAGES: join(dir, 'fausse.txt') } });
		expect(bad.status).toBe(1);
		expect(bad.stderr).toContain('fausse.txt:1 : « cpio bats » ; un seul paquet par ligne');
		const usage = spawnSync(process.execPath, [PREFLIGHT, 'servir'], { encoding: 'utf8' });
		expect(usage.status).toBe(1);
		expect(usage.stderr).toBe('Usage : node scripts/setup/preflight.ts start|test [--plan] (reçu : servir).\n');
	});
});

describe('i386 programs on a kernel without IA32 emulation', () => {
	test('the binfmt_misc line matches 32-bit x86 ELF executables and keeps the interpreter open (flag F)', async () => {
		const { binfmtRegistration } = await import('../../scripts/setup/i386.ts');
		const line = binfmtRegistration('/usr/bin/qemu-i386-static');
		const [, name, type, offset, magic, mask, interpreter, flags] = line.split(':');
		expect([name, type, offset, interpreter, flags]).toEqual(['qemu-i386', 'M', '', '/usr/bin/qemu-i386-static', 'F']);
		// What the kernel reads: \xHH is one byte, any other character stands for itself.
		const bytes = (s: string) => [...s.matchAll(/\\x([0-9a-f]{2})|(.)/g)].map((m) => (m[1] ? Number.parseInt(m[1], 16) : m[2]!.charCodeAt(0)));
		// ELF magic, class 1 (32 bits), little-endian, e_type 2 (executable) under a mask that also accepts 3 (shared object: ld.so, PIE), e_machine 3 (i386).
		expect(bytes(magic!).slice(0, 5)).toEqual([0x7f, 0x45, 0x4c, 0x46, 1]);
		expect(bytes(magic!)[18]).toBe(3);
		expect(bytes(magic!).length).toBe(bytes(mask!).length);
		expect(bytes(mask!)[16]! & 3).toBe(2); // e_type's low bit ignored: ET_EXEC and ET_DYN both match
	});

	// The kernel's own view of an i386 entry registered on this machine (by qemu's tools or by us).
	test.runIf(existsSync('/proc/sys/fs/binfmt_misc/qemu-i386'))('matches the magic and mask the kernel shows for the registered qemu-i386', async () => {
		const { binfmtRegistration } = await import('../../scripts/setup/i386.ts');
		const [, , , , magic, mask] = binfmtRegistration().split(':');
		const hex = (s: string) => [...s.matchAll(/\\x([0-9a-f]{2})|(.)/g)].map((m) => m[1] ?? m[2]!.charCodeAt(0).toString(16).padStart(2, '0')).join('');
		const entry = readFileSync('/proc/sys/fs/binfmt_misc/qemu-i386', 'utf8');
		expect(entry).toContain(`magic ${hex(magic!)}\n`);
		expect(entry).toContain(`mask ${hex(mask!)}\n`);
	});
});
