import { shellQuote as q } from '../../../text/shell-quote.ts';
import { templateName } from '../../files/common.ts';
import type { PlanPhase } from '../types.ts';

/** The containers' base system. */
export const templatesPhase: PlanPhase = ({ config: c }) => {
	const tpl = templateName(c);
	return [
		{
			id: 'modeles.debian',
			phase: 'Modèles',
			title: `Télécharger le modèle ${tpl}`,
			description: `Système de base des conteneurs${tpl.includes('.tar.') ? '' : ' : la construction la plus récente de l’index de pveam (il ne garde que la dernière)'} ; pveam vérifie sa somme contre l’index signé de Proxmox.`,
			check: `ab_modele_present ${q(c.stockage.modeles)} ${q(tpl)}`,
			commands: ['pveam update', `pveam download ${q(c.stockage.modeles)} "$(ab_modele_index ${q(tpl)})"`],
		},
	];
};
