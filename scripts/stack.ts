/**
 * Entrée de la CLI « npm run stack » (node scripts/stack.ts …).
 * Le chargeur doit être en place avant d'importer le générateur (imports `?raw`).
 */
import './stack/chargeur-brut.ts';

const { principal } = await import('./stack/cli.ts');
process.exitCode = principal(process.argv.slice(2));
