// Imports a Killercoda scenario folder as labs/<id>/:
//   npm run labs:import -- <dossier-du-scénario> <id> [--niveau intermédiaire] [--remplacer]
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { importScenario, ScenarioError } from '../src/labs/killercoda.ts';
import { parseLab } from '../src/labs/parse.ts';
import { ValidationError } from '../src/schemas/validate.ts';
import { LEVELS, type Level } from '../src/schemas/levels.ts';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { niveau: { type: 'string', default: 'débutant' }, remplacer: { type: 'boolean', default: false }, labs: { type: 'string', default: 'labs' } },
});

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

const [source, id] = positionals;
if (!source || !id) fail('Usage : npm run labs:import -- <dossier-du-scénario> <id> [--niveau débutant|intermédiaire|avancé] [--remplacer]');
if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) fail(`Identifiant « ${id} » refusé : utilise des minuscules, des chiffres et des tirets (ex. premiers-fichiers).`);
if (!LEVELS.includes(values.niveau as Level)) fail(`Niveau « ${values.niveau} » inconnu : valeurs acceptées ${LEVELS.join(', ')}.`);
const target = join(values.labs, id);
if (existsSync(join(target, 'lab.yaml')) && !values.remplacer) fail(`${target}/lab.yaml existe déjà : ajoute --remplacer pour l’écraser.`);

try {
	const imported = importScenario(
		{
			read: (path) => {
				const file = join(source, path);
				return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
			},
			readBytes: (path) => {
				const file = join(source, path);
				return existsSync(file) && statSync(file).isFile() ? readFileSync(file) : undefined;
			},
			list: (dir) => {
				const folder = join(source, dir);
				if (!existsSync(folder)) return [];
				return readdirSync(folder, { recursive: true, encoding: 'utf8' })
					.filter((path) => statSync(join(folder, path)).isFile())
					.map((path) => path.split(sep).join('/'))
					.sort();
			},
		},
		{ level: values.niveau as Level },
	);
	const yaml = `# Importé de ${source} (format Killercoda). Relis et adapte les textes et les indices.\n${stringify(imported.lab, { lineWidth: 0 })}`;
	parseLab(join(target, 'lab.yaml'), yaml); // refuse to write a lab the build would reject
	for (const [path, content] of Object.entries(imported.files)) {
		mkdirSync(dirname(join(target, path)), { recursive: true });
		writeFileSync(join(target, path), content);
	}
	mkdirSync(target, { recursive: true });
	writeFileSync(join(target, 'lab.yaml'), yaml);
	console.log(`Laboratoire écrit : ${target}/lab.yaml (${imported.lab.steps.length} étapes).`);
	for (const warning of imported.warnings) console.log(`  attention : ${warning}`);
} catch (error) {
	if (error instanceof ScenarioError || error instanceof ValidationError) fail(`Import impossible : ${error.message}`);
	throw error;
}
