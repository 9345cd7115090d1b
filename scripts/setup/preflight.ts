// First step of `npm start` and `npm test`, before any long work: the Debian
// packages of scripts/setup/debian-packages.txt that the command needs are
// there, or installed now (root), or the command stops at once with the
// `sudo apt-get install …` line to run (anyone else).
//   node scripts/setup/preflight.ts start|test [--plan]
// --plan says what would be installed and changes nothing.
// LABO_DEBIAN_PACKAGES names another list (tests).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { QEMU_PACKAGE, registerQemuI386, runsI386, runsI386Natively } from './i386.ts';
import {
	installCommands,
	installedPackages,
	installMessage,
	PackageListError,
	type DebianPackage,
	packagesFor,
	parsePackageList,
	PURPOSES,
	sudoMessage,
	type Purpose,
} from './packages.ts';

const LIST = process.env.LABO_DEBIAN_PACKAGES || new URL('debian-packages.txt', import.meta.url).pathname;
/** A list given by the tests checks only that list (nothing about i386). */
const LIST_OVERRIDDEN = !!process.env.LABO_DEBIAN_PACKAGES;

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

/** Runs apt-get for `packages` (root), or only prints the commands with --plan. */
function install(packages: DebianPackage[]): void {
	for (const [command, ...args] of installCommands(packages)) {
		if (values.plan) {
			console.log(`  (--plan, non lancé) ${command} ${args.join(' ')}`);
			continue;
		}
		const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
		if (run.status !== 0) {
			fail(`« ${command} ${args.join(' ')} » a échoué (${run.error?.message ?? `code ${run.status}`}) : rien n’a été construit. Corrige le problème d’apt ci-dessus, puis relance « npm ${purpose} ».`);
		}
	}
}

/**
 * After the listed packages (arch-test among them): a kernel without IA32
 * emulation gets qemu-user-static, registered with binfmt_misc (root), or
 * the command stops with what to run. A list given by the tests skips this.
 */
function ensureI386(): void {
	// Natively, not « currently »: an emulation registered by hand may vanish
	// (a container's systemd-binfmt flushes binfmt_misc), the package stays.
	if (LIST_OVERRIDDEN || runsI386Natively()) return;
	const why = 'exécuter les programmes i386 de l’image des laboratoires : ce noyau ne le fait pas lui-même';
	const qemu = [{ name: QEMU_PACKAGE, why, purpose: 'start' as const }];
	if (!installedPackages([QEMU_PACKAGE]).has(QEMU_PACKAGE)) {
		if (process.getuid?.() !== 0) fail(sudoMessage(purpose, qemu));
		console.log(installMessage(purpose, qemu));
		install(qemu);
	}
	if (runsI386()) return;
	if (process.getuid?.() !== 0) {
		fail(`Ce noyau n’exécute pas les programmes i386 qu’il faut pour construire l’image des laboratoires. En root, « npm ${purpose} » les confie lui-même à qemu-i386-static ; sinon lance (le Node du projet, que sudo ne trouve pas dans son PATH) : sudo node_modules/.bin/node scripts/setup/preflight.ts ${purpose}`);
	}
	if (values.plan) {
		console.log('  (--plan, non lancé) enregistrement de qemu-i386-static auprès de binfmt_misc');
		return;
	}
	try {
		console.log(`i386 : ${registerQemuI386()}.`);
	} catch (error) {
		fail(`i386 : ${(error as Error).message}`);
	}
	if (!runsI386()) fail('i386 : qemu-i386-static est enregistré, mais « arch-test i386 » échoue encore : l’image des laboratoires ne peut pas être construite sur cette machine.');
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { plan: { type: 'boolean', default: false } } });
const purpose = positionals[0] as Purpose;
if (positionals.length !== 1 || !PURPOSES.includes(purpose)) {
	fail(`Usage : node scripts/setup/preflight.ts ${PURPOSES.join('|')} [--plan] (reçu : ${positionals.join(' ') || 'rien'}).`);
}
if (!existsSync(LIST)) fail(`Liste des paquets Debian introuvable : ${LIST}.`);

try {
	const needed = packagesFor(purpose, parsePackageList(readFileSync(LIST, 'utf8'), LIST));
	const installed = installedPackages(needed.map((p) => p.name));
	const missing = needed.filter((p) => !installed.has(p.name));
	if (missing.length === 0) {
		ensureI386();
		console.log(`Paquets Debian pour « npm ${purpose} » : tous en place (${needed.length}).`);
		process.exit(0);
	}
	if (process.getuid?.() !== 0) {
		if (values.plan) {
			console.log(sudoMessage(purpose, missing));
			process.exit(0);
		}
		fail(sudoMessage(purpose, missing));
	}
	if (values.plan) console.log('--plan : rien n’est installé, voici ce que la commande ferait.');
	console.log(installMessage(purpose, missing));
	install(missing);
	if (values.plan) process.exit(0);
	const still = missing.filter((p) => !installedPackages([p.name]).has(p.name));
	if (still.length > 0) fail(`apt-get a fini, mais ces paquets manquent encore : ${still.map((p) => p.name).join(' ')}.`);
	console.log(`Paquets Debian installés : ${missing.map((p) => p.name).join(' ')}.`);
	ensureI386();
} catch (error) {
	if (error instanceof PackageListError) fail(error.message);
	throw error;
}
