import { describe, expect, test } from 'vitest';
import { baseName, byPath, childPath, parentPath } from '../../src/machine/journal/entries.ts';

describe('file journal paths', () => {
	test('a directory comes before what it holds, whatever the names hold', () => {
		const paths = ['/a b', '/a/b/c', '/', '/a', '/a/b', '/a-b', '/Z', '/a.b/c'];
		expect(paths.map((path) => ({ path })).sort(byPath).map((e) => e.path)).toEqual(['/', '/Z', '/a', '/a/b', '/a/b/c', '/a b', '/a-b', '/a.b/c']);
	});

	test('parent, base name and child of a path', () => {
		expect(parentPath('/etc/labo.conf')).toBe('/etc');
		expect(parentPath('/etc')).toBe('/');
		expect(baseName('/home/eleve/f.txt')).toBe('f.txt');
		expect(childPath('/', 'etc')).toBe('/etc');
		expect(childPath('/etc', 'hosts')).toBe('/etc/hosts');
	});
});
