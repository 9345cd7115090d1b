/**
 * Sources bash du paquet, importées comme texte (`?raw`) : Vite les fournit
 * au navigateur et à vitest, la CLI passe par scripts/stack/chargeur-brut.ts.
 */
import deploy from './deploy.sh?raw';
import commun from './lib/commun.sh?raw';
import hote from './lib/hote.sh?raw';
import proxy from './services/proxy.sh?raw';
import nextcloud from './services/nextcloud.sh?raw';
import collabora from './services/collabora.sh?raw';
import synapse from './services/synapse.sh?raw';
import jitsi from './services/jitsi.sh?raw';
import type { TypeService } from '../services/catalogue.ts';

export const SCRIPT_DEPLOY = deploy;
export const LIB = { 'lib/commun.sh': commun, 'lib/hote.sh': hote } as const;
export const SCRIPTS_SERVICES: Record<TypeService, string> = { proxy, nextcloud, collabora, synapse, jitsi };
