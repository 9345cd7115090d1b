import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { parseYaml, validate, validateYaml, ValidationError } from '../../src/schemas/validate.ts';
import { shellQuote } from '../../src/text/shell-quote.ts';
import { execFileSync } from 'node:child_process';

const schema = z.strictObject({
	nom: z.string(),
	port: z.number().int().max(65535),
	mode: z.enum(['test', 'production']),
});

describe('validate: every problem at once, in French', () => {
	test('each field named with what would be accepted', () => {
		let error: ValidationError | undefined;
		try {
			validate(schema, { port: 70000, mode: 'prod', extra: 1 }, 'site.yaml');
		} catch (e) {
			error = e as ValidationError;
		}
		expect(error).toBeInstanceOf(ValidationError);
		const wheres = error!.problems.map((p) => p.where).sort();
		expect(wheres).toEqual(['(racine)', 'mode', 'nom', 'port']);
		expect(error!.message).toContain('site.yaml est invalide');
		expect(error!.message).toMatch(/mode\u00a0: valeur "prod" refusée ; valeurs acceptées : "test", "production"/);
		expect(error!.message).toMatch(/nom\u00a0: champ obligatoire manquant/);
		expect(error!.message).toMatch(/port\u00a0: valeur trop grande : au plus 65535/);
		expect(error!.message).toMatch(/clé inconnue : extra/);
	});

	test('a caller may word an issue itself; the rest keeps the shared wording', () => {
		const describe = (issue: { code: string }) => (issue.code === 'unrecognized_keys' ? 'champs acceptés : nom, port, mode' : undefined);
		expect(() => validate(schema, { nom: 'a', port: 1, mode: 'test', x: 1 }, 'f', { describe, title: 'Configuration refusée' })).toThrow(
			/^Configuration refusée\u00a0:\n {2}- \(racine\)\u00a0: champs acceptés : nom, port, mode$/,
		);
	});

	test('valid data comes back typed', () => {
		expect(validate(schema, { nom: 'a', port: 22, mode: 'test' }, 'f')).toEqual({ nom: 'a', port: 22, mode: 'test' });
	});
});

describe('parseYaml: syntax errors with line and column, in French', () => {
	test('a tab used for indentation', () => {
		expect(() => parseYaml('a:\n\tb: 1\n', 'lab.yaml')).toThrow(/ligne 2, colonne 1\u00a0: YAML mal formé \(tabulation/);
	});
	test('a duplicate key', () => {
		expect(() => parseYaml('a: 1\na: 2\n', 'lab.yaml')).toThrow(/ligne 2, colonne 1\u00a0: YAML mal formé \(clé en double\)/);
	});
	test('syntax first, then the schema', () => {
		expect(validateYaml(schema, 'nom: a\nport: 80\nmode: test\n', 'f')).toEqual({ nom: 'a', port: 80, mode: 'test' });
		expect(() => validateYaml(schema, 'nom: a\nport: 80\n', 'f')).toThrow(/mode\u00a0: champ obligatoire manquant/);
	});
});

describe('shellQuote: bash reads back exactly the value', () => {
	test.each(['simple', "l'apostrophe", 'deux mots', '$(rm -rf /)', '`id`', 'a\nb', '', '*', 'é; ls'])('%j', (value) => {
		const echoed = execFileSync('bash', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' });
		expect(echoed).toBe(value);
	});
	test('plain words stay bare', () => {
		expect(shellQuote('vmbr0')).toBe('vmbr0');
		expect(shellQuote(8080)).toBe('8080');
	});
});
