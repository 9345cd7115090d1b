/** Point d'entrée du générateur : le même code sert la CLI et le Configurateur. */
export { lireConfig, validerConfig, formaterErreurs, type Config, type ErreurConfig, type ResultatConfig } from './config.ts';
export { construirePlan, planEnTexte, type Plan, type Action } from './plan.ts';
export { construirePaquet, type Paquet, type FichierPaquet } from './bundle.ts';
export { schemaSite } from './schema.ts';
export { jsonSchema } from './json-schema.ts';
