/**
 * Québec French: France-only words (and one term the site settled on) must not
 * reach a reader. Scans what people read: the pages of content-fr (Markdown,
 * MDX, the text of their SVG figures), the texts of the labs (lab.yaml) and
 * the interface strings of fr.json.
 * Code is left alone: fenced blocks, inline code, :cmd[…], URLs and import
 * lines say what a machine reads (`jobs`, `box-shadow`, `proxy_pass`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** A word to avoid and what a Québec reader expects instead. */
interface Rule {
	/** Matches the word in prose (flags `giu`). */
	pattern: RegExp;
	/** What was found, for the message. */
	word: string;
	/** What to write instead. */
	use: string;
}

// A letter, digit or joiner next to the word means it is part of something
// else (VirtualBox, box-shadow, /var/mail, proxy_pass).
const BEFORE = String.raw`(?<![\p{L}\p{N}_/.:#@-])`;
const AFTER = String.raw`(?![\p{L}\p{N}_/@-])`;
const DETERMINER = String.raw`(?:un|une|le|la|les|des|du|ce|ces|cette|chaque|ton|ta|tes|mon|ma|mes|son|sa|ses|leur|leurs|au|aux)`;

const rule = (source: string, word: string, use: string): Rule => ({
	pattern: new RegExp(source, 'giu'),
	word,
	use,
});

const RULES: readonly Rule[] = [
	rule(`${BEFORE}box(?:es)?${AFTER}`, 'box', '« routeur » (ou « modem »)'),
	rule(`${BEFORE}cocottes?[- ]minutes?${AFTER}`, 'cocotte-minute', '« minuterie de cuisine »'),
	// `jobs` is also a shell built-in: only the noun, after a determiner or in « », is flagged.
	rule(`(?:${BEFORE}${DETERMINER}\\s+|«\\s*)jobs?${AFTER}`, 'job', '« tâche »'),
	rule(`${BEFORE}(?:e-?)?mails?${AFTER}`, 'mail', '« courriel »'),
	rule(`${BEFORE}week-?ends?${AFTER}`, 'week-end', '« fin de semaine »'),
	rule(`${BEFORE}smartphones?${AFTER}`, 'smartphone', '« téléphone intelligent » (ou « cellulaire »)'),
	rule(`${BEFORE}spams?${AFTER}`, 'spam', '« pourriel »'),
	rule(`${BEFORE}newsletters?${AFTER}`, 'newsletter', '« infolettre »'),
	rule(`${BEFORE}hashtags?${AFTER}`, 'hashtag', '« mot-clic »'),
	rule(`${BEFORE}tchats?${AFTER}`, 'tchat', '« clavardage »'),
	rule(`${BEFORE}parkings?${AFTER}`, 'parking', '« stationnement »'),
	// The site's term is « mandataire » (module mandataire-et-tls); the English
	// term is allowed only as the gloss « mandataire inverse (reverse proxy) ».
	rule(`${BEFORE}(?<!reverse\\s)proxys?${AFTER}`, 'proxy', '« mandataire » (glose « mandataire inverse (reverse proxy) » à la première occurrence)'),
];

/** Proper names that contain a flagged word and must stay as they are. */
const PROPER_NAMES = ['GNOME Boxes'];

/** One place where a flagged word was found. */
interface Hit {
	file: string;
	line: number;
	found: string;
	use: string;
}

const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

/** Removes inline code, commands, URLs and proper names from one line of prose, keeping its length. */
function proseOfLine(line: string): string {
	return line
		.replace(/(`+)[^`]*?\1/g, blank)
		.replace(/:cmd\[[^\]]*\]/g, blank)
		.replace(/\]\([^)]*\)/g, blank)
		.replace(/\b(?:https?|ftp):\/\/\S+/g, blank)
		.replace(new RegExp(PROPER_NAMES.join('|'), 'g'), blank);
}

/**
 * The prose lines of a Markdown or MDX text, numbered from 1. Fenced code
 * blocks (``` or ~~~, indented too, as inside list items) and MDX import
 * lines come back empty, so line numbers stay true.
 */
function markdownProse(text: string): string[] {
	let fence: { char: string; size: number } | null = null;
	return text.split('\n').map((line) => {
		const opening = /^\s*(`{3,}|~{3,})/.exec(line);
		if (fence) {
			if (opening && opening[1][0] === fence.char && opening[1].length >= fence.size && line.trim() === opening[1]) fence = null;
			return '';
		}
		if (opening) {
			fence = { char: opening[1][0], size: opening[1].length };
			return '';
		}
		if (/^import\s.+\sfrom\s/.test(line)) return '';
		return proseOfLine(line);
	});
}

/** Lab keys whose value is for the machine (commands, file names), not for the learner. */
const MACHINE_KEYS = ['run', 'setup', 'assets', 'image'];

/**
 * The learner-facing text of a lab.yaml: Markdown prose as in markdownProse,
 * with the values of MACHINE_KEYS (inline or as an indented block) blanked.
 */
function labYamlProse(text: string): string[] {
	// Group 1 ends where the key starts: its column, also for a list item (« - run: »).
	const keyLine = new RegExp(`^(\\s*(?:-\\s+)?)(?:${MACHINE_KEYS.join('|')}):`);
	let skipDeeperThan = -1;
	const kept = text.split('\n').map((line) => {
		const indent = /^\s*/.exec(line)![0].length;
		if (skipDeeperThan >= 0 && (line.trim() === '' || indent > skipDeeperThan)) return '';
		skipDeeperThan = -1;
		const key = keyLine.exec(line);
		if (key) {
			skipDeeperThan = key[1].length;
			return '';
		}
		return line;
	});
	return markdownProse(kept.join('\n'));
}

/** The text of an SVG figure (titles, descriptions, labels), tags and attributes blanked. */
function svgProse(text: string): string[] {
	return text.replace(/<[^>]*>/g, blank).split('\n').map(proseOfLine);
}

/** The values of a flat JSON file of interface strings, one per line (keys blanked). */
function jsonValuesProse(text: string): string[] {
	return text.split('\n').map((line) => {
		const m = /^(\s*"(?:[^"\\]|\\.)*"\s*:\s*)(".*)$/.exec(line);
		return m ? blank(m[1]) + proseOfLine(m[2]) : '';
	});
}

/** Every flagged word in the given prose lines. */
function findWords(file: string, lines: readonly string[]): Hit[] {
	const hits: Hit[] = [];
	lines.forEach((text, i) => {
		for (const r of RULES) {
			for (const m of text.matchAll(r.pattern)) {
				hits.push({ file, line: i + 1, found: m[0].replace(/^.*?(\S+)$/su, '$1').replace(/^«\s*/, ''), use: r.use });
			}
		}
	});
	return hits;
}

const describeHit = (h: Hit): string => `${h.file}:${h.line} « ${h.found} » : écris plutôt ${h.use}`;

function filesUnder(dir: string): string[] {
	return (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).map((f) => join(dir, f)).sort();
}

/** Scans the site's reader-facing text and returns every hit. */
function scanSite(): Hit[] {
	const hits: Hit[] = [];
	for (const file of filesUnder('content-fr')) {
		// A name starting with « _ » is not published (the writing guide quotes the very words to avoid).
		if (file.split(/[\\/]/).some((part) => part.startsWith('_'))) continue;
		const text = () => readFileSync(join(ROOT, file), 'utf8');
		if (/\.mdx?$/.test(file)) hits.push(...findWords(file, markdownProse(text())));
		else if (file.endsWith('.svg')) hits.push(...findWords(file, svgProse(text())));
	}
	for (const lab of readdirSync(join(ROOT, 'labs')).sort()) {
		const file = join('labs', lab, 'lab.yaml');
		let text: string;
		try {
			text = readFileSync(join(ROOT, file), 'utf8');
		} catch {
			continue; // labs/image holds the guest recipe, not a lab
		}
		hits.push(...findWords(file, labYamlProse(text)));
	}
	const fr = join('src', 'content', 'i18n', 'fr.json');
	hits.push(...findWords(fr, jsonValuesProse(readFileSync(join(ROOT, fr), 'utf8'))));
	return hits;
}

describe('the scanner', () => {
	const scan = (md: string) => findWords('x.md', markdownProse(md)).map((h) => `${h.line}:${h.found}`);

	test.each([
		['Ta box attribue les adresses.', ['1:box']],
		['Des cocottes-minute pour le rythme.', ['1:cocottes-minute']],
		['Un « job » réussi par conteneur.', ['1:job']],
		['Chaque job planifié tourne la nuit.', ['1:job']],
		['Envoie-moi un mail, ou un e-mail.', ['1:mail', '1:e-mail']],
		['Le proxy relaie les requêtes.', ['1:proxy']],
		['Bon week-end !', ['1:week-end']],
		['ligne un\n\nLa Box du local', ['3:Box']],
	])('flags %j', (md, expected) => {
		expect(scan(md)).toEqual(expected);
	});

	test.each([
		'Le mandataire inverse (*reverse proxy*) reçoit tout.',
		'Le mandataire inverse (reverse proxy) reçoit tout.',
		'Tape `jobs` pour voir les tâches, puis :cmd[fg %1].',
		'La commande jobs liste les tâches du shell.',
		'VirtualBox ou GNOME Boxes, sur ton portable.',
		'Le courriel arrive dans /var/mail/root.',
		'```css\n.carte { box-shadow: none }\n```',
		'  ```sh\n  grep job /etc/pve/jobs.cfg\n  ```',
		'~~~text\nINFO: Backup job finished successfully\n~~~',
		'[La doc](https://nginx.org/en/docs/http/ngx_http_proxy_module.html) de nginx.',
		"import Carte from '../box/Carte.astro';",
	])('leaves %j alone', (md) => {
		expect(scan(md)).toEqual([]);
	});

	test('a fence closes only on its own kind, so code after a nested ``` stays code', () => {
		expect(scan('````md\n```\nta box\n```\n````\nta box')).toEqual(['6:box']);
	});

	test('SVG: text is scanned, tags and attributes are not', () => {
		const svg = '<svg class="box">\n  <text x="1"\n    class="box">Box / routeur</text>\n</svg>';
		expect(findWords('f.svg', svgProse(svg)).map((h) => `${h.line}:${h.found}`)).toEqual(['3:Box']);
	});

	test('lab.yaml: texts are scanned, commands and file names are not', () => {
		const yaml = [
			'title: Ta box',
			'setup: |',
			'  echo box > /tmp/box',
			'steps:',
			'  - text: |',
			'      Redémarre la box.',
			'    checks:',
			'      - run: grep -q box /etc/hosts',
			'        hint: Regarde ta box.',
			'assets:',
			'  - file: box.txt',
		].join('\n');
		expect(findWords('lab.yaml', labYamlProse(yaml)).map((h) => `${h.line}:${h.found}`)).toEqual(['1:box', '6:box', '9:box']);
	});

	test('JSON: values are scanned, keys are not', () => {
		const json = '{\n\t"lab.box": "Ouvre la boîte",\n\t"x": "Redémarre ta box"\n}';
		expect(findWords('fr.json', jsonValuesProse(json)).map((h) => `${h.line}:${h.found}`)).toEqual(['3:box']);
	});
});

describe('Québec French in what readers see', () => {
	test('content-fr, the labs and fr.json use Québec words', () => {
		expect(scanSite().map(describeHit)).toEqual([]);
	});
});
