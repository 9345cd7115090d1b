/** What a service container receives, and the fingerprint that says whether to redeploy it. */
import type { Service } from '../config.ts';
import { sha256 } from '../sha256.ts';
import type { BundleFiles } from './types.ts';

/** Bundle files copied into a service's container. */
export function servicePayload(files: BundleFiles, s: Service): string[] {
	const prefix = `fichiers/${s.service}/`;
	return ['lib/commun.sh', 'lib/service.sh', `services/${s.service}.sh`, 'config/site.env', ...Object.keys(files).filter((p) => p.startsWith(prefix)).sort()];
}

/** Fingerprint of what a service receives: if nothing changes, nothing is redeployed. */
export function serviceFingerprint(files: BundleFiles, s: Service): string {
	return sha256(servicePayload(files, s).map((p) => `${p}\0${sha256(files[p])}`).join('\n'));
}
