// Serves the built site (dist/) locally: `npm start` builds then runs this.
import { serverOptions } from './lib/server-options.ts';
import { startStaticServer } from './lib/static-server.ts';

const { host, port, root } = serverOptions('127.0.0.1');

try {
	const { url } = await startStaticServer({ root, host, port });
	console.log(`Alliance Boréale est servie à ${url}`);
	console.log('Ctrl+C pour arrêter.');
} catch (error) {
	console.error((error as Error).message);
	process.exit(1);
}
