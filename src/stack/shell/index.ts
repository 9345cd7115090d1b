/**
 * Bash sources of the bundle, imported as text (`?raw`): Vite provides them
 * to the browser and vitest, the CLI goes through scripts/stack/raw-loader.ts.
 *
 * Everything inside the bundle stays French, function names included
 * (`ab_mettre_a_jour_conteneur`, `lib/commun.sh`): the bundle is what the
 * person deploying reads, greps and runs, in the language of its messages.
 * Identifiers of the TypeScript that generates it are English.
 */
import deploy from './deploy.sh?raw';
import common from './lib/commun.sh?raw';
import host from './lib/hote.sh?raw';
import service from './lib/service.sh?raw';
import proxy from './services/proxy.sh?raw';
import nextcloud from './services/nextcloud.sh?raw';
import collabora from './services/collabora.sh?raw';
import synapse from './services/synapse.sh?raw';
import jitsi from './services/jitsi.sh?raw';
import type { ServiceType } from '../catalog.ts';

export const DEPLOY_SCRIPT = deploy;
export const LIB = { 'lib/commun.sh': common, 'lib/hote.sh': host, 'lib/service.sh': service } as const;
export const SERVICE_SCRIPTS: Record<ServiceType, string> = { proxy, nextcloud, collabora, synapse, jitsi };
