import { shellQuote as q } from '../../../text/shell-quote.ts';
import { CATALOG } from '../../catalog.ts';
import { archive } from '../../files/common.ts';
import { CACHE_DIR, SECRETS_DIR, SERVICE_SECRETS, STATE_DIR } from '../paths.ts';
import { serviceFingerprint } from '../payload.ts';
import type { ActionDraft, PlanPhase } from '../types.ts';

/** The local authority's public certificate: made in the proxy, copied through the host. */
const LOCAL_CA_IN_PROXY = '/etc/alliance-boreale/ac/ac.crt';
const LOCAL_CA_ON_HOST = `${STATE_DIR}/paquets/autorite-locale.crt`;
const LOCAL_CA_IN_CONTAINER = '/usr/local/share/ca-certificates/alliance-boreale-autorite-locale.crt';

/**
 * Per service: its vendor archive, its secrets, trust in the local authority,
 * then its install script in the container. The proxy comes first: it creates
 * the local authority that the other containers are then told to trust.
 */
export const servicesPhase: PlanPhase = ({ config: c, files }) => {
	const proxy = c.services.find((s) => s.service === 'proxy');
	const ordered = proxy ? [proxy, ...c.services.filter((s) => s !== proxy)] : c.services;
	return ordered.flatMap((s) => {
		const actions: ActionDraft[] = [];
		const archives = s.service === 'nextcloud' ? [archive(c, 'nextcloud')] : s.service === 'synapse' ? [archive(c, 'element')] : [];
		for (const a of archives) {
			const dest = `${CACHE_DIR}/${a.file}`;
			actions.push({
				id: `svc.${s.nom}.archive`,
				phase: 'Services',
				title: `Télécharger ${a.file}`,
				description: `L’hôte télécharge l’archive et vérifie sa somme sha256 (${a.source}) avant de la confier au conteneur.`,
				check: `ab_somme_conforme ${dest} sha256 ${a.sha256}`,
				commands: [`ab_telecharger_verifie ${q(a.url)} ${dest} sha256 ${a.sha256}`],
			});
		}
		const secrets = SERVICE_SECRETS[s.service] ?? [];
		for (const secret of secrets) {
			actions.push({
				id: `svc.${s.nom}.secret.${secret}`,
				phase: 'Services',
				title: `Préparer le secret « ${secret} »`,
				description: `Mot de passe lu dans ${SECRETS_DIR}/${secret} (mode 0600) ; s’il manque, il est demandé au clavier ou tiré au hasard. Il n’est jamais affiché ni journalisé.`,
				check: `ab_secret_present ${secret}`,
				commands: [`ab_secret_creer ${secret}`],
			});
		}
		if (c.tls.mode === 'interne' && proxy && s !== proxy) {
			actions.push({
				id: `svc.${s.nom}.autorite`,
				phase: 'Services',
				title: `Faire reconnaître l’autorité locale par le conteneur ${s.id}`,
				description: `Les services se joignent par leurs noms publics, à travers le mandataire et son certificat local : l’hôte copie le certificat public de l’autorité (jamais sa clé) du conteneur ${proxy.id} vers le magasin de certificats de ce conteneur (update-ca-certificates).`,
				check: `ab_ct_autorite_presente ${proxy.id} ${s.id} ${LOCAL_CA_IN_PROXY} ${LOCAL_CA_IN_CONTAINER}`,
				commands: [
					`pct pull ${proxy.id} ${LOCAL_CA_IN_PROXY} ${LOCAL_CA_ON_HOST}`,
					`pct push ${s.id} ${LOCAL_CA_ON_HOST} ${LOCAL_CA_IN_CONTAINER} --perms 0644`,
					`pct exec ${s.id} -- update-ca-certificates`,
				],
			});
		}
		const fingerprint = serviceFingerprint(files, s);
		const tarball = `${STATE_DIR}/paquets/${s.service}.tar`;
		const commands = [
			`ab_paquet_service ${s.service} ${tarball}`,
			`pct push ${s.id} ${tarball} /root/alliance-boreale.tar`,
			`pct exec ${s.id} -- tar -xf /root/alliance-boreale.tar -C /root`,
			...archives.map((a) => `pct push ${s.id} ${CACHE_DIR}/${a.file} /root/alliance-boreale/${a.file}`),
			...secrets.flatMap((secret) => [
				`pct exec ${s.id} -- install -d -m 0700 /root/alliance-boreale/secrets`,
				`pct push ${s.id} ${SECRETS_DIR}/${secret} /root/alliance-boreale/secrets/${secret} --perms 0600`,
			]),
			`pct exec ${s.id} -- bash /root/alliance-boreale/services/${s.service}.sh installer`,
			`ab_marquer ct-${s.id}-${s.service} ${fingerprint}`,
		];
		const def = CATALOG[s.service];
		actions.push({
			id: `svc.${s.nom}.installer`,
			phase: 'Services',
			title: `Installer ${def.title} dans le conteneur ${s.id}`,
			description: `Route : ${def.route}. Le script du service regarde chaque étape avant d’agir ; il n’est relancé que si son contenu ou la configuration change.`,
			check: `ab_service_a_jour ${s.id} ${s.service} ${fingerprint}`,
			commands,
		});
		return actions;
	});
};
