/**
 * Entry of the « npm run stack » CLI (node scripts/stack.ts …).
 * The loader must be in place before the generator is imported (`?raw` imports).
 */
import './stack/raw-loader.ts';

const { main } = await import('./stack/cli.ts');
process.exitCode = main(process.argv.slice(2));
