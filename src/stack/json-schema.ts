import { z } from 'zod';
import { siteShape } from './schema/index.ts';

/** JSON Schema of the site file, for editors' completion (yaml-language-server). */
export function jsonSchema(): Record<string, unknown> {
	const s = z.toJSONSchema(siteShape, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
	return { ...s, $id: 'https://alliance-boreale.example/schemas/site-stack.json', title: 'Site Alliance Boréale (deploy.sh)', description: 'Un site : Proxmox VE et services libres, un conteneur par service.' };
}
