import { shellQuote as q } from '../../../text/shell-quote.ts';
import type { Config } from '../../config.ts';
import type { ActionDraft, PlanPhase } from '../types.ts';

/** Free space asked of the templates' storage, GiB (one Debian template is ~130 MB). */
const TEMPLATE_GIB = 1;

/** `--rootfs` storage of `pct create`: literal, or resolved on the host when « auto ». */
export function containerStorage(c: Config): string {
	return c.stockage.conteneurs === 'auto' ? '"$(ab_stockage_conteneurs)"' : q(c.stockage.conteneurs);
}

/** Words for the plan: which storage the containers go to. */
export function containerStorageText(c: Config): string {
	return c.stockage.conteneurs === 'auto' ? 'le stockage choisi sur la machine (local-lvm s’il existe, sinon local)' : `« ${c.stockage.conteneurs} »`;
}

/**
 * Before any container: each storage exists, is active, accepts its content
 * and has room (#15 point 4: local-lvm exists only with the ISO installer).
 */
export const storagePhase: PlanPhase = ({ config: c }) => {
	const disks = c.services.reduce((t, s) => t + s.disque, 0);
	const check = (id: string, name: string, content: string, gib: number, what: string, title: string): ActionDraft => ({
		id,
		phase: 'Stockage',
		title,
		description: `Le stockage ${name === 'auto' ? containerStorageText(c) : `« ${name} »`} doit exister, être actif, accepter ${what} (contenu « ${content} ») et avoir au moins ${gib} Gio libres ; sinon tout s’arrête ici, avant le premier conteneur, avec la liste des stockages qui conviennent.`,
		check: `ab_stockage_conforme ${q(name)} ${content} ${gib}`,
		commands: [`ab_stockage_refuser ${q(name)} ${content} ${gib} ${q(what)}`],
	});
	const actions = [
		check('stockage.conteneurs', c.stockage.conteneurs, 'rootdir', disks, 'des conteneurs', 'Vérifier le stockage des conteneurs'),
		check('stockage.modeles', c.stockage.modeles, 'vztmpl', TEMPLATE_GIB, 'des modèles', `Vérifier le stockage des modèles « ${c.stockage.modeles} »`),
	];
	if (!c.sauvegardes.pbs) {
		actions.push(check('stockage.sauvegardes', c.stockage.sauvegardes, 'backup', 1, 'des sauvegardes', `Vérifier le stockage des sauvegardes « ${c.stockage.sauvegardes} »`));
	}
	return actions;
};
