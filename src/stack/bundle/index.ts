/**
 * The bundle: every file the user copies onto the machine. A pure function
 * (no disk access): the CLI writes these files, the Configurateur zips them
 * in the browser; the bytes are the same.
 */
import { stringify } from 'yaml';
import { parseYaml } from '../../schemas/validate.ts';
import type { Config } from '../config.ts';
import { buildPlan, planToText, type BundleFiles, type Plan } from '../plan/index.ts';
import { HOST_FILES } from '../files/host-files.ts';
import { siteEnv } from '../files/env.ts';
import { nginxProxyCommon, nginxVhost } from '../files/proxy.ts';
import { nginxNextcloud } from '../files/nextcloud.ts';
import { elementConfig, nginxElement, synapseConf } from '../files/synapse.ts';
import { LIB, SERVICE_SCRIPTS, DEPLOY_SCRIPT } from '../shell/index.ts';
import { sha256 } from '../sha256.ts';
import { planScript } from './plan-script.ts';
import { readme } from './readme.ts';

export interface BundleFile {
	path: string;
	content: string;
	/** Unix mode, as octal text. */
	mode: '0644' | '0755';
}

export interface Bundle {
	plan: Plan;
	files: BundleFile[];
}

/** Configuration files and scripts the plan depends on. */
export function baseFiles(c: Config, yaml: string): BundleFiles {
	const f: BundleFiles = {
		'config/site.yaml': yaml,
		'config/site.env': siteEnv(c),
		...LIB,
	};
	for (const h of HOST_FILES) f[h.path] = h.content(c);
	const proxy = c.services.find((s) => s.service === 'proxy');
	for (const s of c.services) {
		f[`services/${s.service}.sh`] = SERVICE_SCRIPTS[s.service];
		if (s.service !== 'proxy') f[`fichiers/proxy/nginx/${s.fqdn}.conf`] = nginxVhost(c, s);
		if (s.service === 'nextcloud') f['fichiers/nextcloud/nginx.conf'] = nginxNextcloud(c, s);
		if (s.service === 'synapse') {
			f['fichiers/synapse/alliance-boreale.yaml'] = synapseConf(c, s, proxy);
			f['fichiers/synapse/element-config.json'] = elementConfig(s);
			f['fichiers/synapse/element-nginx.conf'] = nginxElement(c);
		}
	}
	if (proxy) f['fichiers/proxy/nginx/alliance-boreale.conf'] = nginxProxyCommon(c);
	return f;
}

/**
 * config/site.yaml of the bundle: the site file's data written again, never
 * its text. A comment (where someone may have noted a password) does not
 * travel with the bundle (#15 point 10).
 */
export function bundleSiteYaml(c: Config, yaml?: string): string {
	const data = yaml === undefined ? c : parseYaml(yaml, 'site');
	return `# Données de votre fichier de site, réécrites par Alliance Boréale : ses commentaires ne sont pas copiés.\n${stringify(data, { lineWidth: 0 })}`;
}

/** Builds the whole bundle from a validated configuration and the original YAML. */
export function buildBundle(c: Config, yaml?: string): Bundle {
	const base = baseFiles(c, bundleSiteYaml(c, yaml));
	const plan = buildPlan(c, base);
	const all: BundleFiles = {
		...base,
		'deploy.sh': DEPLOY_SCRIPT,
		'lib/plan.sh': planScript(plan),
		'plan.json': `${JSON.stringify(plan, null, 2)}\n`,
		'PLAN.txt': planToText(plan),
		'README.md': readme(c, plan),
	};
	const paths = Object.keys(all).sort();
	const sums = paths.map((p) => `${sha256(all[p])}  ${p}`).join('\n');
	const files: BundleFile[] = paths.map((p) => ({ path: p, content: all[p], mode: p === 'deploy.sh' || p.startsWith('services/') ? '0755' : '0644' }));
	files.push({ path: 'SHA256SUMS', content: `${sums}\n`, mode: '0644' });
	return { plan, files };
}
