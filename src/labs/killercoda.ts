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
	files: Record<string, string>;
	/** What could not be carried over, in French, for the person importing. */
	warnings: string[];
}

export class ScenarioError extends Error {}

const HOME = '/home/eleve';

/** Killercoda's `{{exec}}` / `{{copy}}` code annotations → our `:cmd` directives. */
export function convertText(markdown: string): string {
	return markdown
		.replace(/```[a-z]*\n([^\n`]+)\n```\{\{(?:exec|execute)(?: interrupt)?\}\}/g, (_m, command: string) => `::cmd[${command.trim()}]`)
		.replace(/```([a-z]*)\n([\s\S]*?)```\{\{(?:exec|execute|copy)(?: interrupt)?\}\}/g, '```$1\n$2```')
		.replace(/`([^`\n\]]+)`\{\{(?:exec|execute)(?: interrupt)?\}\}/g, (_m, command: string) => `:cmd[${command.trim()}]`)
		.replace(/`([^`\n]+)`\{\{(?:exec|execute|copy)(?: interrupt)?\}\}/g, '`$1`')
		.replace(/\/root\b/g, HOME);
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

export function importScenario(read: (path: string) => string | undefined, options: ImportOptions = {}): ImportedLab {
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
		let text = convertText(need(step.text, `${where} (texte)`)).trim();
		if (i === 0 && intro) text = `${intro}\n\n${text}`;
		if (i === steps.length - 1 && finish) text = `${text}\n\n${finish}`;
		if (step.background || step.foreground) {
			warnings.push(`${where} : ses scripts de fond sont lancés au départ du laboratoire, pas au début de l’étape.`);
			for (const script of [step.background, step.foreground]) {
				if (script) setupParts.push(adaptScript(need(script, `${where} (script)`)));
			}
		}
		if (!step.verify) warnings.push(`${where} : pas de verify.sh ; la vérification accepte tout (true).`);
		return {
			title: step.title?.trim() || `Étape ${i + 1}`,
			text,
			checks: [
				{
					run: step.verify ? adaptScript(need(step.verify, `${where} (verify.sh)`)) : 'true',
					hint: 'Ce n’est pas encore fait. Relis la consigne de l’étape, puis réessaie.',
				},
			],
		};
	});

	const files: Record<string, string> = {};
	const assets: NonNullable<LabInput['assets']> = [];
	for (const [host, list] of Object.entries(details.assets ?? {})) {
		if (host !== 'host01') warnings.push(`Fichiers pour « ${host} » ignorés : un laboratoire n’a qu’une machine.`);
		else
			for (const asset of list) {
				const content = need(`assets/${asset.file}`, `Fichier joint ${asset.file}`);
				const name = asset.file.split('/').pop()!;
				// Its folder in the scenario is kept: two `Dockerfile` must not collide.
				const src = `fichiers/${asset.file}`;
				files[src] = content;
				const target = asset.target.replace(/^~|^\/root\b/, HOME).replace(/\/$/, '');
				const dest = `${target}/${name}`;
				const mode = asset.chmod ? assetMode(asset.chmod) : undefined;
				if (asset.chmod && !mode) warnings.push(`Fichier joint ${asset.file} : droits « ${asset.chmod} » non compris ; il reçoit 0644.`);
				// Killercoda's learner is root: outside their home, files stay root's.
				const owner = dest.startsWith(`${HOME}/`) ? 'eleve:eleve' : 'root:root';
				assets.push({ src, dest, owner, ...(mode ? { mode } : {}) });
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
