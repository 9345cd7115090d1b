/** lib/plan.sh: a check function, an apply function and the commands' text per action. */
import type { Plan } from '../plan/index.ts';

/** Safe bash heredoc: the delimiter cannot occur in the text. */
function heredoc(text: string): string {
	let end = 'AB_FIN';
	while (text.split('\n').includes(end)) end += '_';
	return `cat <<'${end}'\n${text}\n${end}`;
}

/** Bash double-quoted string (the typographic apostrophe stays readable). */
function doubleQuote(s: string): string {
	return `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/** lib/plan.sh for a plan. */
export function planScript(plan: Plan): string {
	const lines = [
		'# shellcheck shell=bash',
		`# Plan généré par Alliance Boréale pour le site « ${plan.site} » — ne pas modifier à la main.`,
		`declare -rx AB_PLAN_NOMBRE=${plan.actions.length}`,
		'',
		'# Accès aux métadonnées d’une action par son numéro.',
		'ab_plan_id() {',
		'\tcase "$1" in',
		...plan.actions.map((a) => `\t\t${a.number}) printf '%s' ${doubleQuote(a.id)} ;;`),
		'\t\t*) return 1 ;;',
		'\tesac',
		'}',
		'',
		'ab_plan_titre() {',
		'\tcase "$1" in',
		...plan.actions.map((a) => `\t\t${a.number}) printf '%s' ${doubleQuote(`${a.phase} — ${a.title}`)} ;;`),
		'\t\t*) return 1 ;;',
		'\tesac',
		'}',
		'',
	];
	for (const a of plan.actions) {
		lines.push(
			`# --- ${a.number}. ${a.id} ---`,
			`ab_plan_verifier_${a.number}() {`,
			`\t${a.check}`,
			'}',
			`ab_plan_appliquer_${a.number}() {`,
			...a.commands.map((cmd) => `\t${cmd}`),
			'}',
			`ab_plan_commandes_${a.number}() {`,
			heredoc(a.commands.join('\n')),
			'}',
			'',
		);
	}
	return lines.join('\n');
}
