/**
 * The Debian packages the project needs (scripts/setup/debian-packages.txt)
 * and what the preflight says and runs about them. Pure functions, except
 * `installedPackages`, which asks dpkg.
 */
import { spawnSync } from 'node:child_process';

/** What the packages serve: `start` counts for `npm start` and `npm test`, `test` for `npm test` only. */
export type Purpose = 'start' | 'test';

export const PURPOSES: readonly Purpose[] = ['start', 'test'];

export interface DebianPackage {
	/** Debian package name (`mmdebstrap`). */
	name: string;
	/** Why it is needed, in French, from the list's comment; '' when none. */
	why: string;
	/** The section of the list it is in. */
	purpose: Purpose;
}

export class PackageListError extends Error {}

/** Debian Policy §5.6.1: lowercase letters, digits, `+ - .`, at least two characters, starting alphanumeric. */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/**
 * Reads the list. `file` only names it in errors, which give the line, what
 * was found and what is accepted.
 */
export function parsePackageList(text: string, file: string): DebianPackage[] {
	const packages: DebianPackage[] = [];
	let purpose: Purpose = 'start';
	for (const [index, raw] of text.split('\n').entries()) {
		const where = `${file}:${index + 1}`;
		const hash = raw.indexOf('#');
		const entry = (hash < 0 ? raw : raw.slice(0, hash)).trim();
		const why = hash < 0 ? '' : raw.slice(hash + 1).trim();
		if (!entry) continue;
		const section = /^\[(.*)\]$/.exec(entry);
		if (section) {
			if (!PURPOSES.includes(section[1] as Purpose)) {
				throw new PackageListError(`${where} : section « [${section[1]}] » inconnue ; sections acceptées : ${PURPOSES.map((p) => `[${p}]`).join(', ')}.`);
			}
			purpose = section[1] as Purpose;
			continue;
		}
		if (/\s/.test(entry)) {
			throw new PackageListError(`${where} : « ${entry} » ; un seul paquet par ligne, suivi si besoin de « # pourquoi ».`);
		}
		if (!PACKAGE_NAME.test(entry)) {
			throw new PackageListError(`${where} : « ${entry} » n’est pas un nom de paquet Debian (minuscules, chiffres, « + », « - », « . »).`);
		}
		if (packages.some((p) => p.name === entry)) throw new PackageListError(`${where} : « ${entry} » figure déjà plus haut dans la liste.`);
		packages.push({ name: entry, why, purpose });
	}
	return packages;
}

/** The packages a command needs: `npm start` the `[start]` ones, `npm test` all. */
export function packagesFor(purpose: Purpose, packages: DebianPackage[]): DebianPackage[] {
	return purpose === 'test' ? packages : packages.filter((p) => p.purpose === 'start');
}

/**
 * Names among `names` that dpkg reports as installed. dpkg-query prints the
 * ones it knows and exits 1 when some are unknown: its status is not used.
 */
export function installedPackages(names: string[]): Set<string> {
	const result = spawnSync('dpkg-query', ['-W', '-f=${Package}\\t${Status}\\n', ...names], { encoding: 'utf8' });
	if (result.error) {
		throw new PackageListError(
			`dpkg-query introuvable (${result.error.message}) : ce projet se construit sur Debian 12 ou plus récent (ou une dérivée). Paquets nécessaires : ${names.join(' ')}.`,
		);
	}
	const installed = new Set<string>();
	for (const line of result.stdout.split('\n')) {
		const [name, status] = line.split('\t');
		// A package installed for another architecture prints `name:arch`.
		if (status?.trim() === 'install ok installed') installed.add(name.replace(/:.*$/, ''));
	}
	return installed;
}

/** The commands that install `missing`, as root. */
export function installCommands(missing: DebianPackage[]): string[][] {
	return [
		['apt-get', 'update'],
		['apt-get', 'install', '-y', '--no-install-recommends', ...missing.map((p) => p.name)],
	];
}

/** The one line a user who is not root runs. */
export function sudoLine(missing: DebianPackage[]): string {
	return `sudo apt-get install --no-install-recommends ${missing.map((p) => p.name).join(' ')}`;
}

const COMMANDS: Record<Purpose, string> = { start: 'npm start', test: 'npm test' };

function listed(missing: DebianPackage[]): string {
	return missing.map((p) => `  - ${p.name}${p.why ? ` : ${p.why}` : ''}`).join('\n');
}

/** Said before installing, as root. */
export function installMessage(purpose: Purpose, missing: DebianPackage[]): string {
	const n = missing.length;
	return `${n === 1 ? 'Un paquet Debian manque' : `${n} paquets Debian manquent`} pour « ${COMMANDS[purpose]} » ; ${n === 1 ? 'il est installé' : 'ils sont installés'} maintenant (apt-get, en root) :\n${listed(missing)}`;
}

/** Said when the user is not root: what is missing, why, and the line to run. */
export function sudoMessage(purpose: Purpose, missing: DebianPackage[]): string {
	const n = missing.length;
	return [
		`${n === 1 ? 'Un paquet Debian manque' : `${n} paquets Debian manquent`} pour « ${COMMANDS[purpose]} » :`,
		listed(missing),
		`Rien n’a été construit. Installe ${n === 1 ? 'ce paquet' : 'ces paquets'} (il faut les droits root), puis relance « ${COMMANDS[purpose]} » :`,
		'',
		sudoLine(missing),
	].join('\n');
}
