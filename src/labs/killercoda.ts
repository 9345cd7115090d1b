import type { LabInput } from './schema.ts';

/**
 * Converts a Killercoda scenario folder (index.json, stepN/text.md,
 * verify.sh, background.sh/foreground.sh, finish.md, assets) into our lab
 * format, so that open scenarios can be reused. Pure: the caller reads files.
 */

interface KillercodaStep {
	title?: string;
	text?: string;
	verify?: string;
	background?: string;
	foreground?: string;
}

interface KillercodaIndex {
	title?: string;
	description?: string;
	details?: {
		intro?: { text?: string; background?: string; foreground?: string };
		steps?: KillercodaStep[];
		finish?: { text?: string };
		assets?: Record<string, Array<{ file: string; target: string; chmod?: string }>>;
	};
}

export interface ImportOptions {
	/** @default 'débutant' */
	level?: LabInput['level'];
	/** Minutes per step, for the estimated duration. @default 5 */
	minutesPerStep?: number;
}

export interface ImportedLab {
	lab: LabInput;
	/** Files to copy into `labs/<id>/`, keyed by their path there. */
	files: Record<string, Uint8Array>;
	/** What could not be carried over, in French, for the person importing. */
	warnings: string[];
}

export class ScenarioError extends Error {}

/** What the importer reads of a scenario folder (the CLI reads the disk, tests a record). */
export interface ScenarioFiles {
	/** Text of a file, by its path in the scenario folder; `undefined` when absent. */
	read(path: string): string | undefined;
	/** The same file's bytes: assets may be images or archives, which text would spoil. */
	readBytes(path: string): Uint8Array | undefined;
	/** Every file under a folder of the scenario, recursively, as paths relative to that folder; `[]` when absent. */
	list(dir: string): string[];
}

/** A scenario held in memory, keyed by path in its folder (`index.json`, `step1/text.md`…). */
export function scenarioFromRecord(files: Record<string, string | Uint8Array>): ScenarioFiles {
	const file = (path: string) => (Object.hasOwn(files, path) ? files[path] : undefined);
	return {
		read: (path) => {
			const content = file(path);
			return typeof content === 'string' || content === undefined ? content : new TextDecoder().decode(content);
		},
		readBytes: (path) => {
			const content = file(path);
			return typeof content === 'string' ? new TextEncoder().encode(content) : content;
		},
		list: (dir) => {
			const prefix = `${dir.replace(/\/+$/, '')}/`;
			return Object.keys(files)
				.filter((path) => path.startsWith(prefix))
				.map((path) => path.slice(prefix.length))
				.sort();
		},
	};
}

const HOME = '/home/eleve';

const EXEC = String.raw`\{\{(?:exec|execute)(?: interrupt)?\}\}`;
const ANY_ACTION = String.raw`\{\{(?:exec|execute|copy)(?: interrupt)?\}\}`;
/**
 * One fenced block at a time (a lazy match from the first fence would run on
 * into the next block), with Killercoda's action right after its closing fence.
 * Groups: indent, language, body, action.
 */
const FENCE = new RegExp(String.raw`^([ \t]*)` + '```' + String.raw`([^\n` + '`' + String.raw`]*)\n([\s\S]*?)^[ \t]*` + '```' + `(${ANY_ACTION})?`, 'gm');
const INLINE_EXEC = new RegExp('`([^`\\n]+)`' + EXEC, 'g');
const INLINE_ANY = new RegExp('`([^`\\n]+)`' + ANY_ACTION, 'g');

/**
 * A command as the label of `:cmd[…]`: that label is Markdown, so `*`, `_`,
 * `:root`, `~`, `<`, a URL… would be read as emphasis, a directive, a link;
 * escaped, they stay the characters the terminal must receive.
 */
export function escapeCommandLabel(command: string): string {
	return command.replace(/[\\`*_[\]<&~:!]/g, '\\$&');
}

/** Strips a fenced block's shared indentation (a block inside a list item). */
function dedent(body: string, indent: string): string {
	return body
		.replace(/\n$/, '')
		.split('\n')
		.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
		.join('\n');
}

/**
 * Killercoda's `{{exec}}` / `{{copy}}` code annotations → our `:cmd`
 * directives: an inline or one-line command becomes `:cmd[…]` / `::cmd[…]`,
 * a block of several lines `:::cmd` (all its lines are sent together, as
 * Killercoda does); `{{copy}}` keeps plain code, which can be copied.
 */
export function convertText(markdown: string): string {
	return markdown
		.replace(FENCE, (all, indent: string, lang: string, body: string, action: string | undefined) => {
			if (!action) return all;
			const command = dedent(body, indent).trim();
			if (/copy/.test(action) || !command) return `${indent}\`\`\`${lang}\n${body}${indent}\`\`\``;
			if (!command.includes('\n')) return `${indent}::cmd[${escapeCommandLabel(command)}]`;
			const lines = command.split('\n').map((line) => (line ? indent + line : line));
			return [`${indent}:::cmd`, `${indent}\`\`\`${lang.trim() || 'sh'}`, ...lines, `${indent}\`\`\``, `${indent}:::`].join('\n');
		})
		.replace(INLINE_EXEC, (_m, command: string) => `:cmd[${escapeCommandLabel(command.trim())}]`)
		.replace(INLINE_ANY, '`$1`')
		.replace(/\/root\b/g, HOME);
}

/** The commands a step's text sends to the terminal (`{{exec}}`), in order, `/root` adapted. */
export function execCommands(markdown: string): string[] {
	const commands: Array<{ at: number; command: string }> = [];
	for (const m of markdown.matchAll(FENCE)) {
		if (m[4] && !/copy/.test(m[4])) commands.push({ at: m.index, command: dedent(m[3], m[1]).trim() });
	}
	const outsideBlocks = markdown.replace(FENCE, (all) => ' '.repeat(all.length));
	for (const m of outsideBlocks.matchAll(INLINE_EXEC)) commands.push({ at: m.index, command: m[1].trim() });
	return commands
		.sort((a, b) => a.at - b.at)
		.map(({ command }) => command.replace(/\/root\b/g, HOME))
		.filter(Boolean);
}

/**
 * A solution written in the scenario (a `<details>` block): its code blocks
 * stay code, marked `sh` when unmarked, so that our tests and mentors find
 * the commands (`solutionCommands` reads the first ```sh block).
 */
function convertSolution(markdown: string): string {
	return markdown
		.replace(FENCE, (all, indent: string, lang: string, body: string) => `${indent}\`\`\`${lang.trim() || 'sh'}\n${body}${indent}\`\`\``)
		.replace(INLINE_ANY, '`$1`')
		.replace(/\/root\b/g, HOME)
		.trim();
}

/** `<details><summary>…</summary>…</details>`: how Killercoda authors hide hints and solutions. */
const DETAILS = /<details>\s*<summary>([\s\S]*?)<\/summary>([\s\S]*?)<\/details>\s*/gi;
const SOLUTION_SUMMARY = /solu/i;
const HINT_SUMMARY = /astuce|indice|aide|conseil|tip|hint|help/i;

interface StepParts {
	text: string;
	solution?: string;
	hints: string[];
	/** Summaries of `<details>` blocks left in the text. */
	otherDetails: string[];
}

/** Takes a step's folded solution and hints out of its text (our page shows them as such). */
function splitDetails(markdown: string): StepParts {
	const parts: StepParts = { text: '', hints: [], otherDetails: [] };
	parts.text = markdown.replace(DETAILS, (all, summary: string, body: string) => {
		const title = summary.replace(/<[^>]+>/g, '').trim();
		if (SOLUTION_SUMMARY.test(title) && !parts.solution) {
			parts.solution = convertSolution(body);
			return '';
		}
		if (HINT_SUMMARY.test(title)) {
			parts.hints.push(convertText(body).trim());
			return '';
		}
		parts.otherDetails.push(title);
		return all;
	});
	return parts;
}

/** A solution from the commands the step sends to the terminal. */
function solutionFromCommands(commands: string[]): string | undefined {
	return commands.length ? `\`\`\`sh\n${commands.join('\n')}\n\`\`\`` : undefined;
}

/** Killercoda runs as root in /root; our learner is `eleve`. */
function adaptScript(script: string): string {
	return script.replace(/^#!.*\n/, '').replace(/\/root\b/g, HOME).trim();
}

/**
 * The lab's setup from Killercoda's background/foreground scripts. Each runs
 * in its own subshell, so that an `exit` or a `set -e` in one does not cut
 * the others short; a failing script fails the preparation (the learner is
 * told, the author sees it in the content test). In Killercoda the learner
 * is root and owns everything in /root: here the setup (and the copy of the
 * assets, which creates their folders) runs as root, so what it leaves in
 * the learner's home is handed back to `eleve`, or `mv` or `>` on those
 * files would be refused.
 */
function setupScript(scripts: string[], homeDirsCreated: boolean): string | undefined {
	if (scripts.length === 0 && !homeDirsCreated) return undefined;
	return [...scripts.map((script) => `(\n${script}\n)`), `chown -R eleve:eleve ${HOME}`].join(' &&\n');
}

/**
 * Killercoda's `chmod` of an asset (`+x`, `u+rw,go-w`, `755`) as the octal
 * mode our schema takes, applied to a new file's 0644.
 */
export function assetMode(chmod: string): string | undefined {
	if (/^0?[0-7]{3}$/.test(chmod)) return chmod.padStart(4, '0');
	let mode = 0o644;
	for (const clause of chmod.split(',')) {
		const m = /^([ugoa]*)([-+=])([rwx]*)$/.exec(clause.trim());
		if (!m) return undefined;
		const who = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1];
		let mask = 0;
		for (const w of who) {
			const shift = { u: 6, g: 3, o: 0 }[w as 'u' | 'g' | 'o'];
			for (const p of m[3]) mask |= { r: 4, w: 2, x: 1 }[p as 'r' | 'w' | 'x'] << shift;
			if (m[2] === '=') mode &= ~(7 << shift);
		}
		// Without u/g/o chmod leaves the umask's bits (022) alone: `+w` is for the owner only.
		if (m[1] === '') mask &= ~0o022;
		mode = m[2] === '-' ? mode & ~mask : mode | mask;
	}
	return `0${mode.toString(8).padStart(3, '0')}`;
}

/** Shell-style pattern of one path segment (`*`, `?`) as a regular expression. */
function globSegment(pattern: string): RegExp {
	return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

/**
 * The files an asset entry names, relative to `assets/`, each with its path
 * under the target. A pattern in the last segment (`*`, `*.sh`,
 * `outils/*`) works as `cp -r assets/<pattern> <target>`: a matching file
 * lands in the target, a matching folder lands there whole.
 */
export function assetMatches(file: string, available: string[]): Array<{ file: string; under: string }> {
	const slash = file.lastIndexOf('/');
	const dir = slash < 0 ? '' : file.slice(0, slash + 1);
	const last = file.slice(slash + 1);
	if (!/[*?]/.test(last)) return available.includes(file) ? [{ file, under: last }] : [];
	const matches = globSegment(last);
	return available
		.filter((path) => path.startsWith(dir) && matches.test(path.slice(dir.length).split('/')[0]))
		.map((path) => ({ file: path, under: path.slice(dir.length) }));
}

/**
 * Converts a scenario. Each step's `solution` is the one the scenario folds
 * in a `<details><summary>Solution</summary>` block, or else the commands
 * its `{{exec}}` marks send to the terminal, in order.
 */
export function importScenario(scenario: ScenarioFiles, options: ImportOptions = {}): ImportedLab {
	const read = (path: string) => scenario.read(path);
	const indexText = read('index.json');
	if (indexText === undefined) throw new ScenarioError('index.json introuvable : ce dossier n’est pas un scénario Killercoda.');
	let index: KillercodaIndex;
	try {
		index = JSON.parse(indexText);
	} catch (error) {
		throw new ScenarioError(`index.json n’est pas du JSON valide : ${(error as Error).message}`);
	}
	const details = index.details ?? {};
	const steps = details.steps ?? [];
	if (!index.title) throw new ScenarioError('index.json : champ « title » manquant.');
	if (steps.length === 0) throw new ScenarioError('index.json : details.steps est vide ; un scénario a au moins une étape.');

	const warnings: string[] = [];
	const need = (path: string | undefined, what: string): string => {
		if (!path) throw new ScenarioError(`${what} : aucun fichier indiqué dans index.json.`);
		const text = read(path);
		if (text === undefined) throw new ScenarioError(`${what} : fichier « ${path} » introuvable.`);
		return text;
	};

	const setupParts: string[] = [];
	for (const script of [details.intro?.background, details.intro?.foreground]) {
		if (script) setupParts.push(adaptScript(need(script, 'Script de départ')));
	}
	const intro = details.intro?.text ? convertText(need(details.intro.text, 'Introduction')).trim() : '';
	const finish = details.finish?.text ? convertText(need(details.finish.text, 'Conclusion')).trim() : '';

	const labSteps = steps.map((step, i) => {
		const where = `Étape ${i + 1}`;
		const source = splitDetails(need(step.text, `${where} (texte)`));
		for (const summary of source.otherDetails) {
			warnings.push(`${where} : bloc <details> « ${summary} » laissé dans le texte ; le site n’affiche pas le HTML, son contenu sera visible.`);
		}
		let text = convertText(source.text).trim();
		if (i === 0 && intro) text = `${intro}\n\n${text}`;
		if (i === steps.length - 1 && finish) text = `${text}\n\n${finish}`;
		if (step.background || step.foreground) {
			warnings.push(`${where} : ses scripts de fond sont lancés au départ du laboratoire, pas au début de l’étape.`);
			for (const script of [step.background, step.foreground]) {
				if (script) setupParts.push(adaptScript(need(script, `${where} (script)`)));
			}
		}
		if (!step.verify) warnings.push(`${where} : pas de verify.sh ; la vérification accepte tout (true).`);
		const solution = source.solution || solutionFromCommands(execCommands(source.text));
		return {
			title: step.title?.trim() || `Étape ${i + 1}`,
			text,
			...(source.hints.length ? { hints: source.hints } : {}),
			...(solution ? { solution } : {}),
			checks: [
				{
					run: step.verify ? adaptScript(need(step.verify, `${where} (verify.sh)`)) : 'true',
					hint: 'Ce n’est pas encore fait. Relis la consigne de l’étape, puis réessaie.',
				},
			],
		};
	});

	const files: Record<string, Uint8Array> = {};
	const assets: NonNullable<LabInput['assets']> = [];
	for (const [host, list] of Object.entries(details.assets ?? {})) {
		if (host !== 'host01') warnings.push(`Fichiers pour « ${host} » ignorés : un laboratoire n’a qu’une machine.`);
		else
			for (const asset of list) {
				if (typeof asset?.file !== 'string' || typeof asset.target !== 'string') {
					throw new ScenarioError(`index.json : details.assets.${host} : chaque fichier joint a un « file » (ex. "outil.sh" ou "*") et une « target » (ex. "~/"), reçu ${JSON.stringify(asset)}.`);
				}
				const matches = /[*?]/.test(asset.file) ? assetMatches(asset.file, scenario.list('assets')) : [{ file: asset.file, under: asset.file.split('/').pop()! }];
				if (matches.length === 0) throw new ScenarioError(`Fichier joint « ${asset.file} » : aucun fichier du dossier assets/ n’y correspond.`);
				const mode = asset.chmod ? assetMode(asset.chmod) : undefined;
				if (asset.chmod && !mode) warnings.push(`Fichier joint ${asset.file} : droits « ${asset.chmod} » non compris ; il reçoit 0644.`);
				const target = asset.target.replace(/^~|^\/root\b/, HOME).replace(/\/$/, '');
				for (const match of matches) {
					// Its folder in the scenario is kept: two `Dockerfile` must not collide.
					const src = `fichiers/${match.file}`;
					const bytes = scenario.readBytes(`assets/${match.file}`);
					if (!bytes) throw new ScenarioError(`Fichier joint ${match.file} : fichier « assets/${match.file} » introuvable.`);
					files[src] = bytes;
					const dest = `${target}/${match.under}`;
					// Killercoda's learner is root: outside their home, files stay root's.
					const owner = dest.startsWith(`${HOME}/`) ? 'eleve:eleve' : 'root:root';
					assets.push({ src, dest, owner, ...(mode ? { mode } : {}) });
				}
			}
	}

	const setup = setupScript(
		setupParts,
		assets.some((asset) => asset.dest.startsWith(`${HOME}/`) && asset.dest.lastIndexOf('/') > HOME.length),
	);
	const lab: LabInput = {
		title: index.title,
		summary: index.description?.trim() || `Scénario importé : ${index.title}.`,
		level: options.level ?? 'débutant',
		duration: Math.max(5, steps.length * (options.minutesPerStep ?? 5)),
		objectives: labSteps.map((step) => step.title),
		...(setup ? { setup } : {}),
		...(assets.length ? { assets } : {}),
		steps: labSteps,
	};
	return { lab, files, warnings };
}
