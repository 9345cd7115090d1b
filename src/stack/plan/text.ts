import { frenchSpacing } from '../../text/french-typography.ts';
import type { Plan } from './types.ts';

/** The plan as readable text, as `npm run stack -- plan` and the Configurateur show it. */
export function planToText(plan: Plan): string {
	const lines = [
		frenchSpacing(`Plan du site « ${plan.site} » (${plan.domain}) : ${plan.actions.length} actions.`),
		frenchSpacing('Chaque action regarde d’abord l’état de la machine ; ce qui est déjà en place n’est pas refait.'),
		'',
	];
	let phase = '';
	for (const a of plan.actions) {
		if (a.phase !== phase) {
			phase = a.phase;
			lines.push(`== ${phase} ==`);
		}
		lines.push(`[${a.number}] ${a.title}`, `    ${a.description}`, `    vérifie\u00a0: ${a.check}`);
		for (const cmd of a.commands) lines.push(`    $ ${cmd}`);
		lines.push('');
	}
	return lines.join('\n');
}
