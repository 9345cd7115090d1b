// Workshop mode: `npm run atelier` serves the built site (dist/) on the room's
// network and prints the address and a QR code for learners' devices.
import { serverOptions } from './lib/server-options.ts';
import { qrTerminal, startWorkshop } from './lib/workshop-server.ts';

const { host, port, root } = serverOptions('0.0.0.0');

try {
	const workshop = await startWorkshop({ root, host, port });
	const [main, ...others] = workshop.info.urls;
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
