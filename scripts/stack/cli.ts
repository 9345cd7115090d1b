/**
 * CLI of the deployment generator (messages in French).
 *   npm run stack -- plan   --config FICHIER|DOSSIER [--json]
 *   npm run stack -- bundle --config FICHIER|DOSSIER --out DOSSIER
 *   npm run stack -- schema [--out FICHIER]
 * A folder is an inventory: each *.yaml is a site (one sub-folder per site in --out).
 * All disk writes are here; src/stack only computes.
 */
import { readFileSync, writeFileSync, mkdirSync, readdirSync, statSync, chmodSync, rmSync, existsSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { readConfig, formatErrors, buildBundle, planToText, jsonSchema } from '../../src/stack/index.ts';
import { inventoryProblems } from '../../src/stack/inventory.ts';
import { frenchSpacing } from '../../src/text/french-typography.ts';

const USAGE = `Usage :
  npm run stack -- plan   --config FICHIER.yaml|DOSSIER [--config …] [--json]
  npm run stack -- bundle --config FICHIER.yaml|DOSSIER [--config …] --out DOSSIER
  npm run stack -- schema [--out FICHIER.json]`;

function parseOptions(args: string[]): Record<string, string | true> {
	const o: Record<string, string | true> = {};
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (!a.startsWith('--')) throw new Error(`argument inattendu « ${a} »`);
		const name = a.slice(2);
		const next = args[i + 1];
		if (next !== undefined && !next.startsWith('--')) {
			// --config may be repeated: the values are joined (one command over many site files).
			o[name] = typeof o[name] === 'string' && name === 'config' ? `${o[name]}\n${next}` : next;
			i++;
		} else o[name] = true;
	}
	return o;
}

/** Site files named by --config (a file, or every .yaml of an inventory folder). */
function siteFiles(path: string): string[] {
	if (!existsSync(path)) throw new Error(`fichier ou dossier introuvable : ${path}`);
	if (statSync(path).isDirectory()) {
		const list = readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(path, f));
		if (list.length === 0) throw new Error(`aucun fichier .yaml dans l’inventaire ${path}`);
		return list;
	}
	return [path];
}

function load(file: string) {
	const text = readFileSync(file, 'utf8');
	return { text, r: readConfig(text) };
}

/** Writes a bundle into an empty folder or one we produced before (never elsewhere). */
function writeBundle(dir: string, files: { path: string; content: string; mode: string }[]) {
	if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(join(dir, 'SHA256SUMS'))) {
		throw new Error(`le dossier ${dir} n’est pas vide et ne contient pas de paquet : choisis un dossier vide`);
	}
	rmSync(dir, { recursive: true, force: true });
	for (const f of files) {
		const target = join(dir, f.path);
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(target, f.content);
		chmodSync(target, Number.parseInt(f.mode, 8));
	}
}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[]): number {
	const [command, ...rest] = argv;
	let o: Record<string, string | true>;
	try {
		o = parseOptions(rest);
	} catch (e) {
		console.error(`${(e as Error).message}\n${USAGE}`);
		return 2;
	}
	try {
		if (command === 'schema') {
			const text = `${JSON.stringify(jsonSchema(), null, 2)}\n`;
			if (typeof o.out === 'string') {
				mkdirSync(dirname(o.out), { recursive: true });
				writeFileSync(o.out, text);
				console.log(`Schéma JSON écrit dans ${o.out}`);
			} else process.stdout.write(text);
			return 0;
		}
		if (command !== 'plan' && command !== 'bundle') {
			console.error(USAGE);
			return 2;
		}
		if (typeof o.config !== 'string') {
			console.error(`--config FICHIER est obligatoire.\n${USAGE}`);
			return 2;
		}
		const many = o.config.includes('\n');
		const sites = o.config.split('\n').flatMap(siteFiles);
		const loaded = sites.map((f) => ({ file: f, ...load(f) }));
		const refused = loaded.filter((c) => !c.r.ok);
		if (refused.length > 0) {
			for (const c of refused) if (!c.r.ok) console.error(formatErrors(c.file, c.r.errors));
			return 1;
		}
		const conflicts = inventoryProblems(loaded.flatMap((c) => (c.r.ok ? [{ file: c.file, config: c.r.config }] : [])));
		if (conflicts.length > 0) {
			for (const p of conflicts) console.error(formatErrors(p.file, [{ path: p.path, message: frenchSpacing(p.message) }]));
			return 1;
		}
		if (command === 'plan') {
			const plans = loaded.map((c) => (c.r.ok ? buildBundle(c.r.config, c.text).plan : null));
			if (o.json) console.log(JSON.stringify(sites.length === 1 ? plans[0] : plans, null, 2));
			else console.log(plans.map((p) => (p ? planToText(p) : '')).join('\n'));
			return 0;
		}
		if (typeof o.out !== 'string') {
			console.error(`--out DOSSIER est obligatoire pour bundle.\n${USAGE}`);
			return 2;
		}
		for (const c of loaded) {
			if (!c.r.ok) continue;
			const bundle = buildBundle(c.r.config, c.text);
			const dir = sites.length === 1 && !many && !statSync(o.config).isDirectory() ? o.out : join(o.out, c.r.config.site.nom);
			writeBundle(dir, bundle.files);
			const size = bundle.files.reduce((t, f) => t + new TextEncoder().encode(f.content).length, 0);
			console.log(`Paquet « ${c.r.config.site.nom} » écrit dans ${dir} : ${bundle.files.length} fichiers, ${size} octets, ${bundle.plan.actions.length} actions (${basename(c.file)}).`);
		}
		return 0;
	} catch (e) {
		console.error(`Erreur : ${(e as Error).message}`);
		return 1;
	}
}
