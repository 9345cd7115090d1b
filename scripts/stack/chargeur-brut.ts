/**
 * Permet à Node d'importer `fichier.sh?raw` comme le fait Vite : le module
 * exporte le texte du fichier. Ainsi src/stack reste identique pour la CLI,
 * vitest et le navigateur.
 */
import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

registerHooks({
	load(url, context, nextLoad) {
		if (url.startsWith('file:') && url.endsWith('?raw')) {
			const texte = readFileSync(fileURLToPath(url.slice(0, -'?raw'.length)), 'utf8');
			return { format: 'module', source: `export default ${JSON.stringify(texte)};`, shortCircuit: true };
		}
		return nextLoad(url, context);
	},
});
