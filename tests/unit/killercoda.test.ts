import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { assetMatches, assetMode, convertText, execCommands, importScenario, scenarioFromRecord, ScenarioError } from '../../src/labs/killercoda.ts';
import { parseLab } from '../../src/labs/parse.ts';
import { markdownToHtml, solutionCommands } from '../../src/labs/render.ts';

/** A scenario folder read into memory, as the importer's CLI reads it from disk. */
function readScenario(dir: string): Record<string, string> {
	const files: Record<string, string> = {};
	for (const path of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
		if (statSync(join(dir, path)).isFile()) files[path] = readFileSync(join(dir, path), 'utf8');
	}
	return files;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const FIXTURE = 'tests/fixtures/killercoda/creer-un-fichier';
const fixtureFiles = readScenario(FIXTURE);
const fixture = scenarioFromRecord(fixtureFiles);
/** The fixture with one file changed (`undefined`: removed). */
const fixtureWith = (path: string, text: string | undefined) => {
	const files = { ...fixtureFiles };
	if (text === undefined) delete files[path];
	else files[path] = text;
	return scenarioFromRecord(files);
};
/** A second scenario, written apart from the first: multi-line blocks, a folded solution and hint, `*` assets. */
const REPORTS = 'tests/fixtures/killercoda/archiver-des-rapports';

/** What the page would send to the terminal for this Markdown (`data-cmd`, entities decoded). */
function sentCommands(markdown: string): string[] {
	const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
	return [...markdownToHtml(markdown).matchAll(/data-cmd="([^"]*)"/g)].map((m) =>
		m[1].replace(/&(#x[0-9a-f]+|[a-z]+);/gi, (all, e: string) => (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : (entities[e] ?? all))),
	);
}

describe('convertText', () => {
	test.each([
		['Tape `ls -l`{{exec}}.', 'Tape :cmd[ls -l].'],
		['```\nmkdir a\n```{{exec}}', '::cmd[mkdir a]'],
		['```bash\nls\ncd /tmp\n```{{exec}}', ':::cmd\n```bash\nls\ncd /tmp\n```\n:::'],
		['```\nls\ncd /tmp\n```{{execute interrupt}}', ':::cmd\n```sh\nls\ncd /tmp\n```\n:::'],
		['```\nls\ncd /tmp\n```{{copy}}', '```\nls\ncd /tmp\n```'],
		// Each block on its own: the plain first block is not swallowed into the second.
		['```\nnano a\n```\n\nPuis :\n\n```\nls\npwd\n```{{exec}}', '```\nnano a\n```\n\nPuis :\n\n:::cmd\n```sh\nls\npwd\n```\n:::'],
		['- Liste :\n\n  ```\n  ls\n  pwd\n  ```{{exec}}', '- Liste :\n\n  :::cmd\n  ```sh\n  ls\n  pwd\n  ```\n  :::'],
		['Copie `echo a`{{copy}}', 'Copie `echo a`'],
		['Va dans /root/projet', 'Va dans /home/eleve/projet'],
	])('%j', (input, expected) => {
		expect(convertText(input)).toBe(expected);
	});

	test.each([
		'chown root:root notes.txt',
		'curl -fsS http://depot.labo/apt/ | head',
		'ls *.txt *.md',
		'grep -c _x_ a_b_c',
		'echo ${tableau[0]} && echo ~/a~ <entree',
		'printf "a\\tb\\n" # fin',
		'echo "Bonjour : fini !"',
	])('an {{exec}} command reaches the terminal unchanged: %s', (command) => {
		expect(sentCommands(convertText(`Tape \`${command}\`{{exec}} puis regarde.`))).toEqual([command]);
		expect(sentCommands(convertText(`\`\`\`\n${command}\n\`\`\`{{exec}}`))).toEqual([command]);
		expect(sentCommands(convertText(`\`\`\`\n${command}\nls -l\n\`\`\`{{exec}}`))).toEqual([`${command}\nls -l`]);
	});
});

describe('execCommands', () => {
	test('lists what the step sends to the terminal, in order, and leaves out {{copy}} and plain code', () => {
		const text = 'Tape `pwd`{{exec}}, pas `rm -rf`.\n\n```\ncd /root\nls\n```{{exec}}\n\n```\ncat a\n```{{copy}}\n\nEnfin `date`{{execute}}.';
		expect(execCommands(text)).toEqual(['pwd', 'cd /home/eleve\nls', 'date']);
	});
});

describe('assetMatches', () => {
	const available = ['a.txt', 'outils/bilan', 'outils/compter.sh', 'outils/lire.sh', 'rapports/mars/x.txt'];
	test.each([
		['*', available.map((file) => ({ file, under: file }))],
		['*.txt', [{ file: 'a.txt', under: 'a.txt' }]],
		['outils/*.sh', [{ file: 'outils/compter.sh', under: 'compter.sh' }, { file: 'outils/lire.sh', under: 'lire.sh' }]],
		['rapports/*', [{ file: 'rapports/mars/x.txt', under: 'mars/x.txt' }]],
		['outils/bilan', [{ file: 'outils/bilan', under: 'bilan' }]],
		['*.png', []],
	])('%s', (pattern, expected) => {
		expect(assetMatches(pattern, available)).toEqual(expected);
	});
});

describe('assetMode', () => {
	test.each([
		['+x', '0755'],
		['755', '0755'],
		['0700', '0700'],
		['+w', '0644'],
		['u+x', '0744'],
		['a+x', '0755'],
		['go-r', '0600'],
		['u+rwx,go-r', '0700'],
		['=r', '0444'],
		['+X', undefined],
		['chmod 755', undefined],
	])('%s → %s', (chmod, mode) => {
		expect(assetMode(chmod)).toBe(mode);
	});
});

describe('importScenario', () => {
	const imported = importScenario(fixture);

	test('produces a lab our schema accepts, /root becoming the learner’s home', () => {
		const lab = parseLab('labs/essai/lab.yaml', stringify(imported.lab));
		expect(lab.steps.map((s) => s.title)).toEqual(['Un dossier', 'Un fichier']);
		expect(lab.steps[0].checks[0].run).toBe('test -d /home/eleve/projet');
		expect(lab.steps[1].checks[0].run).toBe('set -e\ngrep -q "ranger mes notes" /home/eleve/projet/notes.txt\ntest ! -e /home/eleve/brouillons/idees.txt');
		expect(lab.assets).toEqual([
			{ src: 'fichiers/consigne.txt', dest: '/home/eleve/consigne.txt', mode: '0644', owner: 'eleve:eleve' },
			// Outside the home, a file stays root's, as on Killercoda; `+x` becomes an octal mode.
			{ src: 'fichiers/outils/bilan', dest: '/usr/local/bin/bilan', mode: '0755', owner: 'root:root' },
		]);
		expect(text(imported.files['fichiers/outils/bilan'])).toMatch(/^#!\/bin\/sh\n/);
	});

	test('runs each start script in its own subshell, then gives the home back to eleve', () => {
		expect(imported.lab.setup).toBe(
			[
				'(\nmkdir -p /home/eleve/brouillons\necho "idée : ranger mes notes" > /home/eleve/brouillons/idees.txt\necho prêt > /tmp/scenario-pret\n)',
				'(\nwhile [ ! -f /tmp/scenario-pret ]; do sleep 1; done\necho "Tout est prêt."\nexit 0\n)',
				'chown -R eleve:eleve /home/eleve',
			].join(' &&\n'),
		);
	});

	test('an `exit 0` in one start script does not skip the next ones', () => {
		const dir = mkdtempSync(join(tmpdir(), 'killercoda-'));
		try {
			const files: Record<string, string> = {
				'index.json': JSON.stringify({ title: 'Sorties', details: { intro: { background: 'bg.sh', foreground: 'fg.sh' }, steps: [{ text: 's.md' }] } }),
				'bg.sh': `#!/bin/bash\necho un > ${dir}/un\nexit 0`,
				'fg.sh': `echo deux > ${dir}/deux`,
				's.md': 'Rien.',
			};
			const setup = importScenario(scenarioFromRecord(files)).lab.setup!;
			// Only the trailing chown needs the guest's user: run what comes before it.
			execFileSync('bash', ['-c', setup.replace(/ &&\nchown .*$/, '')]);
			expect(readFileSync(join(dir, 'deux'), 'utf8')).toBe('deux\n');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('keeps the intro and the finish text', () => {
		expect(imported.lab.steps[0].text).toMatch(/^Bienvenue/);
		expect(imported.lab.steps[1].text).toMatch(/Bravo, tu as fini !$/);
		expect(text(imported.files['fichiers/consigne.txt'])).toBe('Range tes notes dans le dossier projet.\n');
	});

	test('warns about a chmod it cannot read, and the file keeps 0644', () => {
		const files: Record<string, string> = {
			'index.json': JSON.stringify({ title: 'Droits', details: { steps: [{ text: 's.md' }], assets: { host01: [{ file: 'a.sh', target: '~', chmod: '+X' }] } } }),
			's.md': 'Rien.',
			'assets/a.sh': 'true',
		};
		const result = importScenario(scenarioFromRecord(files));
		expect(result.lab.assets).toEqual([{ src: 'fichiers/a.sh', dest: '/home/eleve/a.sh', owner: 'eleve:eleve' }]);
		expect(result.warnings).toContain('Fichier joint a.sh : droits « +X » non compris ; il reçoit 0644.');
	});

	test.each([
		['no index.json', scenarioFromRecord({}), /index\.json introuvable/],
		['broken JSON', scenarioFromRecord({ 'index.json': '{' }), /index\.json n’est pas du JSON valide/],
		['a missing step file', fixtureWith('step2/text.md', undefined), /Étape 2 \(texte\) : fichier « step2\/text\.md » introuvable/],
		[
			'an asset pattern that matches nothing',
			fixtureWith('index.json', JSON.stringify({ title: 'Rien', details: { steps: [{ text: 'step1/text.md' }], assets: { host01: [{ file: '*.png', target: '~/' }] } } })),
			/Fichier joint « \*\.png » : aucun fichier du dossier assets\/ n’y correspond\./,
		],
		[
			'an asset without a target',
			fixtureWith('index.json', JSON.stringify({ title: 'Rien', details: { steps: [{ text: 'step1/text.md' }], assets: { host01: [{ file: '*' }] } } })),
			/details\.assets\.host01 : chaque fichier joint a un « file » \(ex\. "outil\.sh" ou "\*"\) et une « target »/,
		],
	])('explains %s in French', (_case, scenario, message) => {
		expect(() => importScenario(scenario)).toThrow(ScenarioError);
		expect(() => importScenario(scenario)).toThrow(message);
	});

	test('a step without {{exec}} and without a folded solution gets no solution', () => {
		expect(imported.lab.steps[0].solution).toBe('```sh\nmkdir projet\n```');
		const plain = importScenario(fixtureWith('step1/text.md', 'Crée le dossier `projet`.'));
		expect(plain.lab.steps[0]).not.toHaveProperty('solution');
	});
});

describe('importScenario, a scenario with multi-line blocks, folded hints and `*` assets', () => {
	const imported = importScenario(scenarioFromRecord(readScenario(REPORTS)));
	const lab = parseLab('labs/essai/lab.yaml', stringify(imported.lab));

	test('a block of several {{exec}} lines is sent whole to the terminal', () => {
		expect(sentCommands(lab.steps[0].text)).toEqual(['cd ~/travail\nmkdir -p archives\ntar -czf archives/rapports.tar.gz rapports']);
		expect(sentCommands(lab.steps[1].text)).toEqual(['tar -tzf archives/rapports.tar.gz', 'sha256sum archives/rapports.tar.gz > archives/rapports.sha256\ncat archives/rapports.sha256']);
		// Inside a numbered list item; the {{copy}} command stays plain code.
		expect(sentCommands(lab.steps[2].text)).toEqual(['compter.sh rapports/*.txt\ncompter.sh rapports/*.txt | tail -n 1 > total.txt']);
		expect(markdownToHtml(lab.steps[2].text)).toContain('<code>echo "C’est rangé."</code>');
	});

	test('each step’s solution: the folded one when given, else its {{exec}} commands', () => {
		expect(lab.steps.map((step) => solutionCommands(step.solution))).toEqual([
			'cd ~/travail\nmkdir -p archives\ntar -czf archives/rapports.tar.gz rapports\n',
			'cd /home/eleve/travail\nsha256sum archives/rapports.tar.gz > archives/rapports.sha256\n',
			'compter.sh rapports/*.txt\ncompter.sh rapports/*.txt | tail -n 1 > total.txt\n',
		]);
		// The folded blocks leave the text: the page shows them as hint and solution.
		expect(lab.steps[0].hints).toEqual(['Avec `tar`, l’option `-c` crée l’archive, `-z` la compresse et `-f` lui donne son nom.']);
		expect(lab.steps.map((step) => step.text).join('\n')).not.toMatch(/<details>|Solution|Astuce/);
		expect(imported.warnings).toEqual([]);
	});

	test('`"file": "*"` copies every file of assets/, folders kept; a pattern with chmod picks its files', () => {
		expect(lab.assets).toEqual([
			{ src: 'fichiers/outils/compter.sh', dest: '/home/eleve/travail/outils/compter.sh', mode: '0644', owner: 'eleve:eleve' },
			{ src: 'fichiers/rapports/fevrier.txt', dest: '/home/eleve/travail/rapports/fevrier.txt', mode: '0644', owner: 'eleve:eleve' },
			{ src: 'fichiers/rapports/janvier.txt', dest: '/home/eleve/travail/rapports/janvier.txt', mode: '0644', owner: 'eleve:eleve' },
			{ src: 'fichiers/outils/compter.sh', dest: '/usr/local/bin/compter.sh', mode: '0755', owner: 'root:root' },
		]);
		expect(Object.keys(imported.files).sort()).toEqual(['fichiers/outils/compter.sh', 'fichiers/rapports/fevrier.txt', 'fichiers/rapports/janvier.txt']);
		expect(text(imported.files['fichiers/rapports/janvier.txt'])).toBe('Lundi : trois pannes de courant.\nJeudi : aucune panne.\n');
		// Folders created in the home by the copy are handed to the learner.
		expect(lab.setup).toBe('chown -R eleve:eleve /home/eleve');
	});

	test('a binary asset is copied byte for byte', () => {
		// A PNG signature: not UTF-8, and spoilt if read as text.
		const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xfe]);
		const files = { ...readScenario(REPORTS), 'assets/images/logo.png': png };
		const result = importScenario(scenarioFromRecord(files));
		expect(result.files['fichiers/images/logo.png']).toEqual(png);
		expect(result.lab.assets).toContainEqual({ src: 'fichiers/images/logo.png', dest: '/home/eleve/travail/images/logo.png', owner: 'eleve:eleve' });
	});

	test('a <details> block that is neither hint nor solution stays, with a warning', () => {
		const files = readScenario(REPORTS);
		files['step3/text.md'] += '\n<details>\n<summary>Pour aller plus loin</summary>\n\nLis `man tar`.\n</details>\n';
		const result = importScenario(scenarioFromRecord(files));
		expect(result.lab.steps[2].text).toContain('<summary>Pour aller plus loin</summary>');
		expect(result.warnings).toEqual(['Étape 3 : bloc <details> « Pour aller plus loin » laissé dans le texte ; le site n’affiche pas le HTML, son contenu sera visible.']);
	});
});
