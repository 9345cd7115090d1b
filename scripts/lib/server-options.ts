import { parseArgs } from 'node:util';

export interface ServerOptions {
	host: string;
	port: number;
	root: string;
}

/**
 * `--host`, `--port`, `--root` (or HOST/PORT) for the local servers. A bad
 * port ends the process with a French message naming what is accepted.
 */
export function serverOptions(defaultHost: string): ServerOptions {
	const { values } = parseArgs({
		options: {
			host: { type: 'string', default: process.env.HOST ?? defaultHost },
			port: { type: 'string', default: process.env.PORT ?? '4321' },
			root: { type: 'string', default: 'dist' },
		},
	});
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`Port invalide « ${values.port} » : donne un nombre entier de 0 à 65535.`);
		process.exit(2);
	}
	return { host: values.host, port, root: values.root };
}
