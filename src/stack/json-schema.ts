import { z } from 'zod';
import { schemaSite } from './schema.ts';

/** Schéma JSON du fichier de site, pour l'autocomplétion des éditeurs (yaml-language-server). */
export function jsonSchema(): Record<string, unknown> {
	const s = z.toJSONSchema(schemaSite, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
	return { ...s, $id: 'https://alliance-boreale.example/schemas/site-stack.json', title: 'Site Alliance Boréale (deploy.sh)', description: 'Un site : Proxmox VE et services libres, un conteneur par service.' };
}
