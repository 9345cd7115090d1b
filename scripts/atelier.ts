// Workshop mode: `npm run atelier` serves the built site (dist/) on the room's
// network and prints the address and a QR code for learners' devices.
import { parseArgs } from 'node:util';
import { qrTerminal, startAtelier } from './lib/atelier-server.ts';

const { values } = parseArgs({
	options: {
		host: { type: 'string', default: process.env.HOST ?? '0.0.0.0' },
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
	const atelier = await startAtelier({ root: values.root, host: values.host, port });
	const [main, ...others] = atelier.info.urls;
	console.log('Mode atelier d’Alliance Boréale\n');
	console.log(`Les jeunes ouvrent : ${main}`);
	for (const url of others) console.log(`          ou encore : ${url}`);
	console.log(`\n${await qrTerminal(main)}`);
	console.log(`À projeter au tableau : ${main}mentorat/atelier/ (adresse et code QR en grand).`);
	if (main.includes('127.0.0.1')) {
		console.log('\nAucun réseau local détecté : branche ton portable au Wi-Fi de la salle (ou crée un point d’accès), puis relance.');
	}
	console.log('Si les appareils n’arrivent pas à se connecter, autorise le port', port, 'dans le pare-feu de ton portable.');
	console.log('Ctrl+C pour arrêter.');
} catch (error) {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EADDRINUSE') console.error(`Le port ${port} est déjà pris : relance avec « PORT=8080 npm run atelier ».`);
	else console.error((error as Error).message);
	process.exit(1);
}
