/**
 * The sidebar groups read from content-fr/: every published page of a
 * section is listed once, in `sidebar.order`, sub-folders as groups named
 * after their index page (Starlight's `autogenerate` listed none of them).
 */
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { pageId, sidebarFromFolder, type SidebarItem } from '../../src/integrations/sidebar.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CONTENT = join(ROOT, 'content-fr');

const slugs = (items: SidebarItem[]): string[] => items.flatMap((item) => ('slug' in item ? [item.slug] : slugs(item.items)));

/** Every published page under a folder, as collection ids. */
function publishedIds(folder: string): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (/^[^_].*\.mdx?$/.test(name)) out.push(pageId(relative(CONTENT, path)));
		}
	};
	walk(join(CONTENT, folder));
	return out.sort();
}

describe('the sections of the site', () => {
	test.each(['parcours', 'labs', 'deployer', 'mentorat', 'decider'])('%s: every published page, once', (folder) => {
		const listed = slugs(sidebarFromFolder(folder, { root: CONTENT }));
		expect([...listed].sort()).toEqual(publishedIds(folder));
		expect(new Set(listed).size).toBe(listed.length);
	});

	test('paths in the order asked, each a group named after its index page, its overview first', () => {
		const items = sidebarFromFolder('parcours', { root: CONTENT, folders: ['premiers-pas', 'administrer-un-serveur', 'proxmox', 'services-libres', 'au-quotidien'] });
		expect(items[0]).toEqual({ slug: 'parcours' });
		const groups = items.slice(1) as { label: string; items: SidebarItem[] }[];
		expect(groups.map((g) => g.label)).toEqual(['Premiers pas sous Linux', 'Administrer un serveur Linux', 'Proxmox VE', 'Services libres pour un organisme', 'Au quotidien avec les services libres']);
		expect(groups[4].items.slice(0, 2)).toEqual([{ slug: 'parcours/au-quotidien' }, { slug: 'parcours/au-quotidien/fichiers-et-partage' }]);
	});

	test('« Décider » in its sidebar order', () => {
		expect(slugs(sidebarFromFolder('decider', { root: CONTENT }))).toEqual(['decider', 'decider/couts', 'decider/clauses-souverainete', 'decider/risques-et-continuite', 'decider/quitter-microsoft-365']);
	});
});

describe('rules', () => {
	test('drafts (_), hidden pages and folders without pages are left out; ties go by name', () => {
		const root = mkdtempSync(join(tmpdir(), 'sidebar-'));
		mkdirSync(join(root, 'x', 'images'), { recursive: true });
		mkdirSync(join(root, 'x', 'sous'), { recursive: true });
		const page = (path: string, front: string) => writeFileSync(join(root, path), `---\n${front}\n---\n\nTexte.\n`);
		page('x/index.mdx', 'title: X\nsidebar:\n  order: 0');
		page('x/b.md', 'title: B\nsidebar:\n  order: 2');
		page('x/a.mdx', 'title: A\nsidebar:\n  order: 2');
		page('x/sans-ordre.mdx', 'title: Sans ordre');
		page('x/cachee.mdx', 'title: Cachée\nsidebar:\n  hidden: true');
		page('x/_brouillon.mdx', 'title: Brouillon');
		writeFileSync(join(root, 'x', 'images', 'a.svg'), '<svg/>');
		page('x/sous/index.mdx', 'title: Sous-groupe');
		expect(sidebarFromFolder('x', { root })).toEqual([
			{ slug: 'x' },
			{ slug: 'x/a' },
			{ slug: 'x/b' },
			{ slug: 'x/sans-ordre' },
			{ label: 'Sous-groupe', collapsed: true, items: [{ slug: 'x/sous' }] },
		]);
	});

	test('a missing folder is named', () => {
		expect(() => sidebarFromFolder('nulle-part', { root: CONTENT })).toThrow(/le dossier « .*nulle-part » n’existe pas/);
	});
});
