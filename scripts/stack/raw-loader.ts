/**
 * Lets Node import `file.sh?raw` as Vite does: the module exports the file's
 * text. So src/stack stays the same for the CLI, vitest and the browser.
 */
import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

registerHooks({
	load(url, context, nextLoad) {
		if (url.startsWith('file:') && url.endsWith('?raw')) {
			const text = readFileSync(fileURLToPath(url.slice(0, -'?raw'.length)), 'utf8');
			return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
		}
		return nextLoad(url, context);
	},
});
