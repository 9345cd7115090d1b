import { describe, expect, test } from 'vitest';
import { remark } from 'remark';
import { remarkFrenchTypography } from '../../src/markdown/french-typography.ts';
import { frenchSpacing } from '../../src/text/french-typography.ts';

describe('frenchSpacing', () => {
	test.each([
		['Attention : lis bien', 'Attention\u00a0: lis bien'],
		['Prêt ? Allons-y !', 'Prêt\u202f? Allons-y\u202f!'],
		['un ; deux', 'un\u202f; deux'],
		['« Bonjour »', '«\u00a0Bonjour\u00a0»'],
		['«Bonjour»', '«\u00a0Bonjour\u00a0»'],
		['fin ?', 'fin\u202f?'],
	])('%j', (input, expected) => {
		expect(frenchSpacing(input)).toBe(expected);
	});

	test.each(['12:30', 'https://exemple.org', 'chown root:root', 'Hé!', 'ls -l :root'])(
		'leaves %j alone (no space before the sign, or not followed by a space)',
		(input) => {
			expect(frenchSpacing(input)).toBe(input);
		},
	);

	test('is idempotent', () => {
		const once = frenchSpacing('Quoi ? « Oui » : non !');
		expect(frenchSpacing(once)).toBe(once);
	});
});

describe('remarkFrenchTypography', () => {
	test('touches prose but never code', async () => {
		const file = await remark()
			.use(remarkFrenchTypography)
			.process('Tape ceci : `ls -l ; echo ok ?`\n\n```sh\necho "a : b"\n```\n');
		const out = String(file);
		expect(out).toContain('Tape ceci\u00a0: `ls -l ; echo ok ?`');
		expect(out).toContain('echo "a : b"');
	});
});
