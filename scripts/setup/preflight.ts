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
import {
	installCommands,
	installedPackages,
	installMessage,
	PackageListError,
	packagesFor,
	parsePackageList,
	PURPOSES,
	sudoMessage,
	type Purpose,
} from './packages.ts';

const LIST = process.env.LABO_DEBIAN_PACKAGES || new URL('debian-packages.txt', import.meta.url).pathname;

function fail(message: string): never {
	console.error(message);
	process.exit(1);
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
	for (const [command, ...args] of installCommands(missing)) {
		if (values.plan) {
			console.log(`  (--plan, non lancé) ${command} ${args.join(' ')}`);
			continue;
		}
		const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
		if (run.status !== 0) {
			fail(`« ${command} ${args.join(' ')} » a échoué (${run.error?.message ?? `code ${run.status}`}) : rien n’a été construit. Corrige le problème d’apt ci-dessus, puis relance « npm ${purpose} ».`);
		}
	}
	if (values.plan) process.exit(0);
	const still = missing.filter((p) => !installedPackages([p.name]).has(p.name));
	if (still.length > 0) fail(`apt-get a fini, mais ces paquets manquent encore : ${still.map((p) => p.name).join(' ')}.`);
	console.log(`Paquets Debian installés : ${missing.map((p) => p.name).join(' ')}.`);
} catch (error) {
	if (error instanceof PackageListError) fail(error.message);
	throw error;
}
