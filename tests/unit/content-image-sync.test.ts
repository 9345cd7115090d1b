import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';

/**
 * The lessons must not tell learners that the lab machine lacks a tool that
 * its image ships. Read from the image recipe itself (packages and kernel
 * modules), so that adding a package to the image makes every stale « le
 * laboratoire n’a pas X » fail here. The labs that use these tools are
 * played in the real guest by tests/vm/content (the other half of the bond).
 */

const RECIPE = 'labs/image/debian/recipe.yaml';

/** How a lesson names what a package or a kernel module brings. */
const NAMES: Record<string, RegExp> = {
	nftables: /\bnft(ables)?\b|pare-feu/i,
	'openssh-server': /serveur SSH|\bsshd\b|openssh-server/i,
	rsync: /\brsync\b/i,
	lvm2: /\blvm2?\b/i,
	'drivers/block/loop.ko': /périphériques? de boucle|\bloop\b|losetup/i,
	'net/bridge': /\bponts?\b|\bbridge\b/i,
	'net/8021q': /\bVLAN\b|8021q/i,
};

/** A command that really uses it, in a lab's solution or a lesson's ```sh labo block. */
const USED_BY: Record<string, RegExp> = {
	nftables: /\bnft (add|list|-c)\b/,
	'openssh-server': /systemctl (enable --now|start) ssh\b/,
	rsync: /^\s*rsync -a/m,
	lvm2: /\blvcreate\b/,
	'drivers/block/loop.ko': /\blosetup\b/,
	'net/bridge': /type bridge\b/,
	'net/8021q': /type vlan\b/,
};

/** A sentence that says the lab machine lacks something (« un réseau de laboratoire » is not the lab machine). */
const LACKS =
	/((Debian|machine) du labo(ratoire)?|\b(le|ce) labo(ratoire)?)\b[^.!?\n]*?(n’a pas|n’a ni|pas de |pas encore|ne contient pas|n’existe pas|ne peut pas)|(n’est pas|pas encore) (installé|dans)[^.!?\n]*\blabo(ratoire)?\b/i;

function lessons(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return lessons(path);
		return /\.mdx?$/.test(entry.name) && !entry.name.startsWith('_') ? [path] : [];
	});
}

function labTexts(): string[] {
	return readdirSync('labs', { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && entry.name !== 'image')
		.map((entry) => join('labs', entry.name, 'lab.yaml'));
}

/** What the image ships, among the tools that NAMES knows. */
function shipped(): string[] {
	const recipe = parse(readFileSync(RECIPE, 'utf8')) as { packages: string[]; kernelModules: string[] };
	return Object.keys(NAMES).filter((tool) => recipe.packages.includes(tool) || recipe.kernelModules.includes(tool));
}

/** « file : sentence » for each sentence of `text` claiming the lab lacks one of `tools`. */
export function staleClaims(file: string, text: string, tools: string[]): string[] {
	return text
		.split(/(?<=[.!?])\s+|\n/)
		.filter((sentence) => LACKS.test(sentence) && tools.some((tool) => NAMES[tool].test(sentence)))
		.map((sentence) => `${file} : ${sentence.trim()}`);
}

test('the image recipe ships the tools this test watches', () => {
	// If one leaves the image, the lessons may say so again: this test then needs updating.
	expect(shipped()).toEqual(Object.keys(NAMES));
});

/** What tests/vm/content types or runs in the guest: lab solutions and ```sh labo blocks. */
function playedCode(): string {
	const solutions = labTexts().map((file) => (parse(readFileSync(file, 'utf8')) as { steps: { solution: string }[] }).steps.map((step) => step.solution).join('\n'));
	const blocks = lessons('content-fr').flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^```(?:sh|bash) labo\b[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]));
	return [...solutions, ...blocks].join('\n');
}

test('each tool the image ships for the labs is used by a lab or a lesson block that the content test plays', () => {
	const code = playedCode();
	expect(shipped().filter((tool) => !USED_BY[tool].test(code))).toEqual([]);
});

test('the claim detector finds the sentences it is meant to find', () => {
	const tools = shipped();
	expect(staleClaims('x', 'La Debian du laboratoire n’a pas encore nftables.', tools)).toHaveLength(1);
	expect(staleClaims('x', '`rsync` n’est pas encore dans la Debian du laboratoire.', tools)).toHaveLength(1);
	expect(staleClaims('x', 'Le laboratoire du navigateur n’a pas de vrai pont, mais tu peux lire les fichiers.', tools)).toHaveLength(1);
	expect(staleClaims('x', 'La Debian du laboratoire a le client SSH mais pas de serveur SSH.', tools)).toHaveLength(1);
	expect(staleClaims('x', 'Pour un réseau de laboratoire isolé, ajoute un pont sans carte physique.', tools)).toHaveLength(0);
	expect(staleClaims('x', 'Le laboratoire a nftables : écris ton pare-feu.', tools)).toHaveLength(0);
});

test('no lesson or lab says the lab machine lacks a tool that its image ships', () => {
	const tools = shipped();
	const claims = [
		...lessons('content-fr').flatMap((file) => staleClaims(file, readFileSync(file, 'utf8'), tools)),
		...labTexts().flatMap((file) => staleClaims(file, readFileSync(file, 'utf8'), tools)),
	];
	expect(claims).toEqual([]);
});
