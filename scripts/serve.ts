// Serves the built site (dist/) locally: `npm start` builds then runs this.
import { parseArgs } from 'node:util';
import { startStaticServer } from './lib/static-server.ts';

const { values } = parseArgs({
	options: {
		host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
		port: { type: 'string', default: process.env.PORT ?? '4321' },
		root: { type: 'string', default: 'dist' },
	},
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`Port invalide « ${values.port} » : donne un nombre entier de 0 à 65535.`);
	process.exit(2);
}

try {
	const { url } = await startStaticServer({ root: values.root, host: values.host, port });
	console.log(`Alliance Boréale est servie à ${url}`);
	console.log('Ctrl+C pour arrêter.');
} catch (error) {
	console.error((error as Error).message);
	process.exit(1);
}
