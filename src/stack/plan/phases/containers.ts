import { shellQuote as q } from '../../../text/shell-quote.ts';
import { CATALOG } from '../../catalog.ts';
import { templateName } from '../../files/common.ts';
import { SSH_KEYS_FILE } from '../../files/host-files.ts';
import type { PlanPhase } from '../types.ts';
import { containerStorage, containerStorageText } from './storage.ts';

/** One unprivileged LXC container per service: create, size, start. */
export const containersPhase: PlanPhase = ({ config: c }) => {
	const dns = c.hote.dns.join(' ');
	const tpl = templateName(c);
	return c.services.flatMap((s) => {
		const net = `name=eth0,bridge=${c.hote.pont},ip=${s.adresse},gw=${c.hote.passerelle}${c.hote.vlan ? `,tag=${c.hote.vlan}` : ''},firewall=0`;
		return [
			{
				id: `ct.${s.nom}.creer`,
				phase: 'Conteneurs' as const,
				title: `Créer le conteneur ${s.id} « ${s.nom} » — ${CATALOG[s.service].title}`,
				description: `Conteneur LXC non privilégié : ${s.coeurs} cœur(s), ${s.memoire} Mio, ${s.disque} Gio sur ${containerStorageText(c)}, adresse ${s.adresse}.`,
				check: `ab_ct_existe ${s.id}`,
				commands: [
					[
						`pct create ${s.id} "$(ab_modele_local ${q(c.stockage.modeles)} ${q(tpl)})"`,
						`--hostname ${q(s.nom)} --cores ${s.coeurs} --memory ${s.memoire} --swap 512`,
						`--rootfs ${containerStorage(c)}:${s.disque} --net0 ${q(net)}`,
						`--nameserver ${q(dns)} --searchdomain ${q(c.site.domaine)} --timezone ${q(c.site.fuseau)}`,
						`--unprivileged 1 --features nesting=1 --onboot 1 --ostype debian`,
						`--ssh-public-keys ${SSH_KEYS_FILE} --tags alliance-boreale`,
					].join(' '),
				],
			},
			{
				id: `ct.${s.nom}.ressources`,
				phase: 'Conteneurs' as const,
				title: `Ajuster les ressources du conteneur ${s.id}`,
				description: `Cœurs et mémoire suivent la configuration (${s.coeurs} cœur(s), ${s.memoire} Mio), même après une modification du fichier.`,
				check: `ab_ct_ressources_conformes ${s.id} ${s.coeurs} ${s.memoire}`,
				commands: [`pct set ${s.id} --cores ${s.coeurs} --memory ${s.memoire}`],
			},
			{
				id: `ct.${s.nom}.demarrer`,
				phase: 'Conteneurs' as const,
				title: `Démarrer le conteneur ${s.id}`,
				description: 'Il redémarrera aussi avec la machine (onboot).',
				check: `ab_ct_en_marche ${s.id}`,
				commands: [`pct start ${s.id}`],
			},
		];
	});
};
