// The French summary of bench/lab-browser.ts (bench/results/lab-browser.md).
// Run alone, it rewrites the summary from the raw figures:
//   node bench/lab-browser-report.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MachineThread } from '../src/machine/browser/thread.ts';
import { frenchSpacing } from '../src/text/french-typography.ts';

/** What held the main thread during one phase. */
export interface Blocking {
	durationMs: number;
	/** Longest task, wall clock (Long Tasks API: only tasks over 50 ms are reported). */
	longestTaskMs: number;
	tasksOver50ms: number;
	/** Longest input event, from the key press to the next frame painted (Event Timing, ≥ 16 ms reported). */
	longestEventMs: number;
	/** Longest gap between two animation frames (what a scrolling learner sees as a freeze). */
	longestFrameGapMs: number;
	/** From the trace: the longest main-thread task in CPU time, and its wall-clock time. */
	longestTaskCpuMs: number;
	longestTaskCpuWallMs: number;
	/** Main-thread tasks over 50 ms of CPU. */
	tasksOver50msCpu: number;
	/** Main-thread CPU time over the whole phase. */
	mainThreadCpuMs: number;
}

/** When each stage of a start was reached, in ms since the navigation began (marks `labo:…` of the page and its worker). */
export type Stages = Record<string, number>;

export interface Run {
	coldMs: number;
	warmMs: number;
	resumeMs: number;
	/** Files written, tab closed before any whole-machine save: the image's snapshot and the file journal (absent before #18). */
	filesMs?: number;
	/** Bodies and headers the lab page received (its worker's requests included). */
	labPageBytes: number;
	/** Everything the browser fetched, the service worker's precache of the site included. */
	allBytes: number;
	start: { cold: Blocking; warm: Blocking; resume: Blocking };
	stages?: { cold: Stages; warm: Stages; resume: Stages; files?: Stages };
	idle: Blocking;
	busy: Blocking;
	save: Blocking;
}

export interface LabBrowserResult {
	date: string;
	lab: string;
	runs: number;
	busySeconds: number;
	chromium: string;
	cpus: number;
	loadAverage1min: { min: number; max: number };
	targets: { coldMs: number; warmMs: number; longestTaskMs: number };
	modes: Partial<Record<MachineThread, Run[]>>;
}

const fr = new Intl.NumberFormat('fr-CA', { maximumFractionDigits: 1 });
const label: Record<MachineThread, string> = { page: 'v86 dans la page', worker: 'v86 dans un worker' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median, then each run in brackets. */
function each(xs: number[], unit: string, scale = 1): string {
	const runs = xs.length > 1 ? ` (${xs.map((x) => fr.format(x / scale)).join(' · ')})` : '';
	return `${fr.format(median(xs) / scale)} ${unit}${runs}`;
}

const STAGE_NAMES: Record<string, string> = {
	'page : service worker prêt': 'service worker du site prêt à servir la page',
	'page : premier octet de la page': 'premier octet de la page reçu',
	'page : page reçue': 'page reçue en entier',
	'page : DOMContentLoaded': 'page analysée (DOMContentLoaded)',
	'labo:preparation': 'la page demande la machine (worker créé)',
	'labo:worker-charge': 'script du worker chargé',
	'labo:lecture-demandee': 'lecture de l’état et compilation de v86 lancées',
	'labo:v86-compile': 'v86.wasm compilé',
	'labo:v86-charge': 'script de v86 chargé et évalué',
	'labo:etat-lu': 'état de la machine lu (cache ou réseau)',
	'labo:enregistrement-lu': 'machine enregistrée lue et décompressée (IndexedDB)',
	'labo:machine-restauree': 'v86 démarré, état décompressé et restauré',
	'labo:fichiers-remis': 'fichiers gardés remis dans la machine (journal, IndexedDB)',
	'labo:machine-demarree': 'la page reçoit la machine',
	'labo:pret': 'laboratoire prêt (préparation faite)',
	'invite affichée': 'invite affichée dans le terminal',
	'labo:caches-vides': 'caches de l’invité vidés (fichiers remplacés sous ses pieds) : Entrée n’est plus retenue',
	'commande tapée, réponse affichée': 'commande tapée, réponse affichée',
};

/** Where the time of a start goes, from the marks of the worker runs. */
function stagesSection(result: LabBrowserResult): string[] {
	const runs = (result.modes.worker ?? []).filter((r) => r.stages);
	if (runs.length === 0) return [];
	const kinds = [
		['cold', 'cache froid'],
		['warm', 'cache chaud'],
		['files', 'fichiers gardés'],
		['resume', 'machine reprise'],
	] as const;
	const names = Object.keys(STAGE_NAMES).filter((name) => runs.some((r) => kinds.some(([kind]) => r.stages![kind]?.[name] !== undefined)));
	const cell = (kind: (typeof kinds)[number][0], name: string) => {
		const xs = runs.map((r) => r.stages![kind]?.[name]).filter((x): x is number => x !== undefined);
		return xs.length ? each(xs, 'ms') : '—';
	};
	return [
		'## Étapes d’un démarrage (v86 dans un worker)',
		'',
		'Instant où chaque étape est atteinte, en ms depuis le début de la navigation (marques `labo:…` de la page et du worker, bench/lab-browser.ts).',
		'',
		`| étape | ${kinds.map(([, what]) => what).join(' | ')} |`,
		`| --- | ${kinds.map(() => '---').join(' | ')} |`,
		...names.map((name) => `| ${STAGE_NAMES[name]} | ${kinds.map(([kind]) => cell(kind, name)).join(' | ')} |`),
		'',
	];
}

export function labBrowserReport(result: LabBrowserResult): string {
	const modes = (['page', 'worker'] as const).filter((m) => result.modes[m]?.length);
	const of = (mode: MachineThread) => result.modes[mode]!;
	const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
	const perMode = (f: (runs: Run[]) => string) => modes.map((m) => f(of(m)));
	const longest = (pick: (r: Run) => Blocking, field: 'longestTaskMs' | 'longestTaskCpuMs', over: 'tasksOver50ms' | 'tasksOver50msCpu') =>
		perMode((runs) => `${each(runs.map((r) => pick(r)[field]), 'ms')} ; ${runs.map((r) => pick(r)[over]).join(' · ')} > 50 ms`);
	const figure = (pick: (r: Run) => number, unit = 'ms', scale = 1) => perMode((runs) => each(runs.map(pick), unit, scale));

	const phases: Array<{ what: string; pick: (r: Run) => Blocking; target?: boolean; input?: boolean; save?: boolean }> = [
		{ what: `boucle active de ${result.busySeconds} s dans l’invité, frappe et défilement pendant`, pick: (r) => r.busy, target: true, input: true },
		{ what: 'machine au repos 5 s (témoin)', pick: (r) => r.idle },
		{ what: '« Enregistrer » (machine gardée dans IndexedDB)', pick: (r) => r.save, save: true },
		{ what: 'démarrage, cache froid', pick: (r) => r.start.cold },
		{ what: 'reprise d’une machine enregistrée', pick: (r) => r.start.resume },
	];
	const header = ['mesure', ...modes.map((m) => label[m]), 'cible'];
	const rule = header.map(() => '---');
	const lines = [
		`# Laboratoire dans Chromium (${result.date.slice(0, 10)})`,
		'',
		`Laboratoire « ${result.lab} », ${result.runs} essai(s) par mode, site servi en local, Chromium ${result.chromium} sans interface, ${result.cpus} cœurs, charge moyenne de la machine (1 min) entre ${fr.format(result.loadAverage1min.min)} et ${fr.format(result.loadAverage1min.max)}. Médiane, puis chaque essai entre parenthèses.`,
		'',
		'Produit par `npm run bench:lab` (bench/lab-browser.ts, site construit d’abord) ; chiffres bruts dans lab-browser.json (non versionné), résumé refait par `node bench/lab-browser-report.ts`. Les temps de démarrage sont pris sans trace de Chrome (une trace ralentit tous les fils du navigateur), dans un profil à part : cache froid, puis chaud, puis machine enregistrée reprise. L’invite est guettée dans la page elle-même (MutationObserver sur les lignes du terminal, horloge de la page depuis le début de la navigation) : le terminal, déjà relié à la machine, accepte alors la frappe.',
		'',
		'## Démarrage et transfert',
		'',
		row(header),
		row(rule),
		row(['navigation → invite affichée, cache froid', ...figure((r) => r.coldMs), `≤ ${fr.format(result.targets.coldMs)} ms`]),
		row(['navigation → invite affichée, cache chaud', ...figure((r) => r.warmMs), `≤ ${fr.format(result.targets.warmMs)} ms`]),
		row(['navigation → invite affichée, fichiers gardés repris sur l’instantané de l’image', ...figure((r) => r.filesMs ?? NaN), '≤ reprise d’une machine enregistrée']),
		row(['navigation → invite affichée, machine enregistrée reprise', ...figure((r) => r.resumeMs), '']),
		row(['octets reçus par la page du laboratoire, cache froid', ...figure((r) => r.labPageBytes, 'Mo', 1e6), '']),
		row(['octets reçus en tout (avec le précache du site par le service worker)', ...figure((r) => r.allBytes, 'Mo', 1e6), '']),
		'',
		...stagesSection(result),
		'## Fil principal de la page',
		'',
		'« Horloge » : la plus longue tâche du fil principal en temps réel (API Long Tasks), ce que ressent l’élève ; pendant une tâche de plus de 50 ms, ni frappe ni défilement ne sont traités. « Processeur » : la plus longue tâche du fil principal en temps processeur, d’après une trace de Chrome ; c’est ce que la page demande elle-même à son fil principal, sans l’attente que lui impose le reste de la machine quand elle est chargée. La frappe la plus lente et le plus long écart entre deux images, en temps réel, dépendent surtout de cette charge : à comparer sur une machine calme.',
		'',
		row(['phase', ...header]),
		row(['---', ...rule]),
		...phases.flatMap(({ what, pick, target, input, save }) => {
			const goal = target ? `**≤ ${result.targets.longestTaskMs} ms**` : '';
			return [
				row([target ? `**${what}**` : what, 'plus longue tâche, horloge', ...longest(pick, 'longestTaskMs', 'tasksOver50ms'), goal]),
				row(['', 'plus longue tâche, processeur', ...longest(pick, 'longestTaskCpuMs', 'tasksOver50msCpu'), goal]),
				row(['', 'temps processeur du fil principal sur la phase', ...figure((r) => pick(r).mainThreadCpuMs), '']),
				...(input
					? [
							row(['', 'frappe la plus lente (touche → image affichée)', ...figure((r) => pick(r).longestEventMs), '']),
							row(['', 'plus long écart entre deux images', ...figure((r) => pick(r).longestFrameGapMs), '']),
						]
					: []),
				...(save ? [row(['', 'durée de l’enregistrement', ...figure((r) => pick(r).durationMs), ''])] : []),
			];
		}),
		'',
		'## Pourquoi un worker',
		'',
		'v86 découpe déjà son travail : il exécute au moins 100 003 instructions de l’invité, puis rend la main dès qu’une milliseconde est passée (constantes compilées dans v86.wasm). On ne raccourcit pas ces tranches sans recompiler v86, et chacune s’étire d’autant sur une machine lente ou chargée (ligne « boucle active », horloge). Surtout, restaurer, enregistrer et décompresser l’état de la machine (environ 70 Mo) sont des appels synchrones : dans la page, ils prennent au fil principal des centaines de millisecondes de processeur d’un seul tenant (lignes « démarrage », « reprise » et « Enregistrer »), ce qu’aucun découpage ne corrige. Dans un worker dédié, v86, la restauration, l’enregistrement et la compression gzip de l’état ne touchent plus le fil principal, qui n’affiche que le terminal et ne transmet que les frappes. La page reste le repli quand le worker ne peut pas démarrer (navigateur ancien, script bloqué).',
		'',
		'## Reprise par les fichiers gardés (6 décembre 2026)',
		'',
		'Depuis l’issue #18, ce que l’invité écrit est gardé à mesure dans IndexedDB (journal des fichiers, src/machine/journal/). Un élève qui recharge la page avant tout enregistrement complet de la machine reprend sur l’instantané de l’image, ses fichiers remis par-dessus, sans refaire la préparation du laboratoire. Mesuré ce jour-là sur une machine très ralentie (une boucle de 10⁹ additions dans Node : 4,7 à 5,8 s, contre environ 1 s d’habitude) : les temps absolus sont 2 à 3 fois ceux du 4 décembre, seule la comparaison dans les mêmes essais compte. Dans cette série, la colonne « cache chaud » est elle aussi une reprise par les fichiers gardés (ceux du démarrage à froid) ; le banc les efface désormais avant le démarrage à chaud.',
		'',
		'Dans le worker, invite affichée : 3 343 ms (3 343 · 3 335 · 3 565) par les fichiers gardés, contre 3 122 ms (3 122 · 3 091 · 3 277) pour une machine enregistrée reprise, soit 7 % de plus : la cible de l’issue (« pas plus lent que la reprise ») n’est pas atteinte. Les marques disent où passe l’écart : v86 a restauré l’état de l’image à 2 600 ms, plus tôt que la machine enregistrée (2 956 ms), puis environ 680 ms passent à remettre les fichiers, presque tout dans la commande que la machine exécute pour vider ses caches (`echo 3 > /proc/sys/vm/drop_caches`, par l’agent). Elle n’est lancée que si l’invité tient l’inode d’un chemin remplacé (un fid du serveur 9p le nomme), mais c’est presque toujours le cas : bash tient `~/.bash_history`, que chaque commande allonge. Sans elle, l’invite arriverait vers 2 700 ms, avant celle d’une machine enregistrée. Prochaine étape : afficher l’invite tout de suite et ne retenir, dans le worker, que la première touche Entrée de l’élève jusqu’à la fin du vidage, pour qu’aucune commande ne lise un fichier périmé.',
		'',
		'**Fait le 6 décembre au matin : l’invite n’attend plus le vidage.** La machine montre son invite dès les fichiers remis ; le vidage des caches tourne pendant ce temps, et seules les frappes qui feraient lire un fichier (Entrée, Tab) et celles qui les suivent sont retenues jusqu’à sa fin, puis envoyées dans l’ordre (`src/machine/browser/input-gate.ts`, dans le worker comme dans la page ; les vérifications attendent aussi). Les tableaux ci-dessus viennent de cette version (3 essais par mode, machine chargée par un autre travail, charge 5,7 à 7,5) : invite affichée **3 437 ms par les fichiers gardés contre 4 789 ms** pour une machine enregistrée reprise dans le worker (−28 %), 3 431 contre 4 806 ms dans la page ; la cible est tenue dans les deux modes. Une série précédente du même matin, worker seul, 5 essais : 3 712 contre 4 436 ms, plus rapide dans 4 essais sur 5. La ligne « caches de l’invité vidés » dit jusqu’à quand la première Entrée attend : 4 243 ms en médiane, environ 0,8 s après l’invite ; une commande tapée avant part à ce moment-là. Les temps absolus sont ceux d’une machine chargée (reprise d’une machine enregistrée mesurée à 1 429 ms le 4 décembre, sur une machine calme).',
		'',
		'## Ce qui borne le démarrage à chaud (4 décembre 2026)',
		'',
		'Sur cette machine à deux cœurs, l’invite à chaud arrive entre 1,3 et 2 s selon l’heure (cible : 1 s). La page ne demande la machine qu’une fois son document analysé et ses modules exécutés (worker créé vers 390 à 490 ms à chaud ; DOMContentLoaded à 480–650 ms, contre 230–400 ms à froid) ; l’état est lu vers 800 à 950 ms, puis sa décompression (zstd, 10,7 Mo → 40 Mo) et sa restauration, un seul appel synchrone de v86, prennent encore 500 à 750 ms dans le worker. La reprise d’une machine enregistrée, dont l’état est décompressé par le navigateur lui-même (gzip) et restauré en 200 à 250 ms, n’arrive pas avant 1,1 à 1,6 s : sans la décompression de v86, la seconde reste hors d’atteinte ici. Les essais pour faire moins de travail au démarrage sont décrits plus bas ; depuis le 4 décembre, v86.wasm est servi avec un seuil de compilation plus haut (bench/results/vm.md), qui accélère les premières commandes tapées, pas la restauration.',
		'',
		'## Essayé et retiré : le worker lancé pendant l’analyse de la page (3 décembre 2026)',
		'',
		'À chaud, la page arrive en 5 à 15 ms (premier octet, page reçue), mais la machine n’est demandée que vers 350 à 400 ms : les modules de la page arrivent les uns après les autres, au fil de leurs imports, et ne s’exécutent qu’après l’analyse du document. Un script en ligne placé juste après le laboratoire lançait le worker pendant l’analyse (avec l’en-tête du manifeste écrit dans la page à la construction, sans le télécharger) ; le runtime l’adoptait ensuite. Le worker démarrait bien plus tôt (demande à 209–247 ms au lieu de 350–408, lecture lancée à 363–491 ms au lieu de 582–672), mais l’invite arrivait plus tard : 1 600 · 1 820 · 1 839 ms à chaud contre 1 407 · 1 503 · 1 508 ms sans lui, le même jour. Sur deux cœurs, la restauration de l’état se disputait le processeur avec l’analyse et les modules de la page (DOMContentLoaded repoussé de ~420 à ~560–730 ms). Rien n’est gagné à avancer le travail ; il faudrait en faire moins (décompression, évaluation de v86).',
		'',
		'## Essayé et retiré : garder l’état de la machine déjà décompressé (3 décembre 2026)',
		'',
		'À chaud, v86 décompresse l’état (zstd, 40 Mo une fois décompressé pour `debian-leger`) à chaque démarrage. Mesuré dans Node : démarrer d’un état brut prend 170 à 230 ms, contre 265 à 470 ms depuis l’état compressé ; dans Chromium, la restauration tombe de 440–800 ms à 300–400 ms. L’essai : après le premier démarrage, un worker à part (décodeur zstddec) décompressait l’état une fois et en gardait la copie brute dans Cache Storage à la place de la copie compressée. Mais lire 40 Mo depuis Cache Storage prend 400 à 500 ms dans le worker de la machine : l’invite arrivait à chaud en 1 650 à 1 770 ms (5 essais) contre 1 380 à 1 720 ms sans l’essai. Garder la copie brute dans l’OPFS (lecture synchrone, plus rapide) coûterait 40 Mo de disque de plus par image, à côté de la copie compressée que le mode hors ligne garde, et n’amènerait pas l’invite sous la seconde (gain attendu : 200 à 400 ms). Retiré, avec sa dépendance.',
		'',
		'Autre essai, le même jour : décompresser l’état de l’image avec le décodeur de référence (zstddec, WebAssembly) dans un fil à part, lancé pendant la lecture, et donner à v86 l’état brut. Six démarrages de chaque sorte en alternance avec et sans (site identique par ailleurs), de « état lu » à « machine restaurée » : à froid 629–854 ms avec contre 487–832 ms sans ; à chaud 560–839 ms avec contre 491–763 ms sans. La décompression prend 290 à 535 ms dans ce fil : sur deux cœurs déjà pris par la page et le worker de la machine, la déplacer n’en retire rien. Retiré.',
		'',
	];
	// Non-breaking spaces before « : ; ? ! » and inside guillemets, as on the site.
	return lines.map(frenchSpacing).join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const result = JSON.parse(readFileSync('bench/results/lab-browser.json', 'utf8')) as LabBrowserResult;
	writeFileSync('bench/results/lab-browser.md', labBrowserReport(result));
	console.log(readFileSync('bench/results/lab-browser.md', 'utf8'));
}
