import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { describe, expect, test } from 'vitest';
import { borealeRemarkPlugins } from '../../src/integrations/markdown.ts';
import { remarkLab } from '../../src/labs/remark-lab.ts';

/** Starlight's own restoration of unclaimed directives (internal module). */
const { remarkDirectivesRestoration } = await import(
	/* @vite-ignore */ new URL('../../node_modules/@astrojs/starlight/dist/integrations/remark-asides.js', import.meta.url).href
);

/** The site's Markdown pipeline, as Astro + Starlight run it. */
async function render(markdown: string, frontmatter: Record<string, unknown> = {}): Promise<string> {
	const file = await unified()
		.use(remarkParse)
		.use(remarkGfm)
		.use(remarkDirective)
		.use(borealeRemarkPlugins.map((plugin) => (plugin === remarkLab ? [remarkLab, { root: 'tests/fixtures/labs' }] : plugin)) as PluggableList)
		.use(remarkDirectivesRestoration)
		.use(remarkRehype)
		.use(rehypeStringify)
		.process({ value: markdown, path: '/site/content-fr/essai.mdx', data: { astro: { frontmatter } } });
	return String(file);
}

describe('text that looks like a directive stays text', () => {
	test.each([
		['chown root:root fichier', 'chown root:root fichier'],
		['Rendez-vous à 12:30.', 'Rendez-vous à 12:30.'],
		['Le port :8080 et ::1', 'Le port :8080 et ::1'],
	])('%j', async (markdown, expected) => {
		expect(await render(markdown)).toContain(expected);
	});
});

describe(':::indice and :::solution', () => {
	test('fold their content in <details> with a French summary', async () => {
		const html = await render(':::indice\nRegarde `ls -a`.\n:::\n\n:::solution[La réponse]\n```sh\nls -a\n```\n:::');
		expect(html).toContain('<details class="boreale-reveal boreale-reveal--indice"><summary>Indice</summary>');
		expect(html).toContain('<summary>La réponse</summary>');
		expect(html).toContain('<code>ls -a</code>');
	});
});

describe(':cmd', () => {
	test('inline and block forms carry the command', async () => {
		const html = await render('Tape :cmd[ls -la] puis valide.\n\n::cmd[sudo apt install tree]');
		expect(html).toContain('Tape <code class="boreale-cmd" data-cmd="ls -la">ls -la</code> puis valide.');
		expect(html).toContain('<p class="boreale-cmd-block"><code class="boreale-cmd" data-cmd="sudo apt install tree">');
	});

	test(':::cmd sends every line of its code block, shown exactly as sent', async () => {
		const html = await render(':::cmd\n```sh\nmkdir -p sauvegarde\necho "Copie : faite !" > sauvegarde/etat\n```\n:::');
		const command = 'mkdir -p sauvegarde\necho &#x22;Copie : faite !&#x22; > sauvegarde/etat';
		expect(html).toContain(`<pre class="boreale-cmd-block"><code class="boreale-cmd" data-cmd="${command}">mkdir -p sauvegarde\necho "Copie : faite !" > sauvegarde/etat</code></pre>`);
	});

	test('the command keeps its spaces: no French no-break space before « : »', async () => {
		const html = await render('Tape :cmd[echo Étape : finie] puis regarde.');
		expect(html).toContain('>echo Étape : finie</code> puis regarde.');
	});

	test.each([
		['an empty :::cmd', ':::cmd\n:::'],
		['text instead of a code block', ':::cmd\nTape ls.\n:::'],
		['two code blocks', ':::cmd\n```sh\nls\n```\n\n```sh\npwd\n```\n:::'],
	])('%s fails the build, naming the file and the line', async (_case, markdown) => {
		await expect(render(`Titre\n\n${markdown}`)).rejects.toThrow(/content-fr\/essai\.mdx:3 : :::cmd attend un seul bloc de code non vide/);
	});
});

describe(':::quiz', () => {
	const quiz = ':::quiz[Quelle commande affiche le dossier courant ?]\n- [ ] `ls`\n- [x] `pwd`\n- [ ] `cd`\n\n`pwd` veut dire *print working directory*.\n:::';

	test('renders a keyboard-usable form with radio buttons for a single answer', async () => {
		const html = await render(quiz);
		expect(html).toMatch(/^<form class="boreale-quiz" data-quiz="quiz-1" aria-label="Question 1">/);
		expect(html).toContain('<legend><span class="quiz-number">Question 1\u00a0: </span>Quelle commande affiche le dossier courant\u202f?</legend>');
		expect(html.match(/type="radio"/g)).toHaveLength(3);
		expect(html.match(/data-right="true"/g)).toHaveLength(1);
		expect(html).toContain('<p class="quiz-feedback" role="alert"></p>');
		expect(html).toContain('<div class="quiz-explanation" hidden><p><code>pwd</code> veut dire <em>print working directory</em>.</p></div>');
	});

	test('uses checkboxes and says so when several answers are right', async () => {
		const html = await render(quiz.replace('- [ ] `cd`', '- [x] `echo $PWD`'));
		expect(html.match(/type="checkbox"/g)).toHaveLength(3);
		expect(html).toContain('Plusieurs réponses possibles.');
	});

	test.each([
		['no right answer', quiz.replace('[x]', '[ ]'), /content-fr\/essai\.mdx:1 : ce quiz n’a aucune bonne réponse/],
		['no question', quiz.replace('[Quelle commande affiche le dossier courant ?]', ''), /quiz mal formé/],
		['a plain list', quiz.replaceAll('[ ] ', '').replace('[x] ', ''), /quiz mal formé/],
	])('fails the build with a French message for %s', async (_case, markdown, message) => {
		await expect(render(markdown)).rejects.toThrow(message);
	});
});

describe('::lab', () => {
	test('embeds a lab with a link that works without JavaScript', async () => {
		const html = await render('::lab{id=premier-contact}');
		expect(html).toMatch(/^<boreale-lab data-lab="premier-contact" data-image="debian" data-title="[^"]+"><p class="boreale-lab-fallback"><a href="\/labs\/premier-contact\/">Ouvrir le laboratoire «\u00a0/);
	});

	test('takes the id from the module frontmatter', async () => {
		expect(await render('::lab', { module: { lab: 'premier-contact' } })).toContain('data-lab="premier-contact"');
	});

	test('names the unknown lab and the known ones', async () => {
		await expect(render('::lab{id=inexistant}')).rejects.toThrow(/laboratoire « inexistant » introuvable ; laboratoires disponibles : premier-contact/);
	});
});

describe('GFM checklists', () => {
	test('each checkbox is named by its item (axe « label »)', async () => {
		const { rehypeTaskListLabels } = await import('../../src/markdown/rehype-task-list-labels.ts');
		const file = await unified()
			.use(remarkParse)
			.use(remarkGfm)
			.use(remarkRehype)
			.use(rehypeTaskListLabels)
			.use(rehypeStringify)
			.process('- [ ] Installe `openssh-server`\n- [x] Copie ta clé');
		expect(String(file)).toContain('<input type="checkbox" disabled aria-label="Installe openssh-server">');
		expect(String(file)).toContain('aria-label="Copie ta clé"');
	});
});
