import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadLabs } from '../../src/labs/loader.ts';
import { parseLab } from '../../src/labs/parse.ts';
import { ValidationError } from '../../src/schemas/validate.ts';

const VALID = `
title: Premier contact
summary: Tu ouvres un terminal et tu tapes tes premières commandes.
level: débutant
duration: 15
objectives: [Lancer une commande]
steps:
  - title: Où suis-je ?
    text: Tape \`pwd\`.
    checks:
      - run: test -f /home/eleve/.bash_history
        hint: Tape une commande puis appuie sur Entrée.
`;

function problemsOf(text: string): string[] {
	try {
		parseLab('labs/essai/lab.yaml', text);
	} catch (error) {
		expect(error).toBeInstanceOf(ValidationError);
		return (error as ValidationError).problems.map((p) => `${p.where} : ${p.message}`);
	}
	throw new Error('le fichier aurait dû être refusé');
}

describe('parseLab', () => {
	test('accepts a minimal lab and fills the defaults', () => {
		const lab = parseLab('labs/essai/lab.yaml', VALID);
		expect(lab.image).toBe('debian');
		expect(lab.assets).toEqual([]);
		expect(lab.steps[0].checks[0].timeout).toBe(10);
		expect(lab.steps[0].hints).toEqual([]);
	});

	test.each([
		['a missing field', VALID.replace('duration: 15\n', ''), 'duration : champ obligatoire manquant (attendu : un nombre)'],
		['an unknown level', VALID.replace('débutant', 'expert'), 'level : valeur "expert" refusée ; valeurs acceptées : "débutant", "intermédiaire", "avancé"'],
		['a misspelt key', VALID.replace('checks:', 'check:'), 'steps[0] : clé inconnue : check (vérifie l’orthographe)'],
		['a step without checks', VALID.replace(/ {4}checks:[\s\S]*$/, '    checks: []\n'), 'steps[0].checks : il faut au moins 1 élément'],
		['a wrong type', VALID.replace('duration: 15', 'duration: quinze'), 'duration : attendu : un nombre, reçu : un texte'],
	])('names the field for %s', (_case, text, expected) => {
		expect(problemsOf(text)).toContain(expected);
	});

	test('reports broken YAML with its line', () => {
		const [problem] = problemsOf('title: a\n  - oups: [\n');
		expect(problem).toMatch(/^ligne \d+, colonne \d+ : YAML mal formé/);
	});

	test('rejects an asset that escapes the lab folder', () => {
		const text = `${VALID}assets:\n  - src: ../../etc/passwd\n    dest: /home/eleve/x\n`;
		expect(problemsOf(text)).toEqual(['assets[0].src : chemin relatif au dossier du laboratoire, sans « .. » (ex. fichiers/notes.txt)']);
	});

	test('the error message names the file', () => {
		expect(() => parseLab('labs/essai/lab.yaml', 'title: 1')).toThrow(/^labs\/essai\/lab\.yaml est invalide\u00a0:/);
	});
});

test.each([
	[
		'in a list',
		VALID.replace('    checks:', '    hints:\n      - Tape ceci : ls\n    checks:'),
		'steps[0].hints[0] : attendu : un texte, reçu : un objet (des clés et des valeurs) (un « : » suivi d’une espace dans le texte ? mets tout le texte entre guillemets)',
	],
	[
		'after a key',
		VALID.replace('hint: Tape une commande puis appuie sur Entrée.', 'hint: Tape ceci : ls'),
		'ligne 12, colonne 15 : YAML mal formé (une valeur contient « : » suivi d’une espace : mets-la entre guillemets ou utilise un bloc « | »)',
	],
])('explains the French colon trap of YAML %s', (_case, text, expected) => {
	expect(problemsOf(text)).toEqual([expected]);
});

describe('loadLabs: the image a lab names', () => {
	/** A labs/ folder with one recipe (and its variant) and one lab naming `image`. */
	function labsFolder(image: string): string {
		const root = mkdtempSync(join(tmpdir(), 'labs-'));
		mkdirSync(join(root, 'image/debian'), { recursive: true });
		writeFileSync(join(root, 'image/debian/recipe.yaml'), 'id: debian\nvariants:\n  - id: debian-leger\n    title: Léger\n    init: sysvinit\n');
		mkdirSync(join(root, 'essai'));
		writeFileSync(join(root, 'essai/lab.yaml'), VALID.replace('duration: 15\n', `duration: 15\nimage: ${image}\n`));
		return root;
	}

	test('accepts a recipe’s own image and its variants', () => {
		expect(loadLabs(labsFolder('debian'))[0].lab.image).toBe('debian');
		expect(loadLabs(labsFolder('debian-leger'))[0].lab.image).toBe('debian-leger');
	});

	test('refuses an unknown image, naming the ones there are', () => {
		const root = labsFolder('alpine');
		expect(() => loadLabs(root)).toThrow(ValidationError);
		try {
			loadLabs(root);
		} catch (error) {
			expect((error as ValidationError).problems).toEqual([
				{ where: `${join(root, 'essai/lab.yaml')}\u00a0: image`, message: 'image « alpine » inconnue ; images disponibles : debian, debian-leger' },
			]);
		}
	});
});
