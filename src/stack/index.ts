/** Entry point of the generator: the same code serves the CLI and the Configurateur. */
export { readConfig, validateConfig, formatErrors, type Config, type Service, type ConfigError, type ConfigResult } from './config.ts';
export { buildPlan, planToText, PHASES, type Plan, type Action } from './plan/index.ts';
export { buildBundle, baseFiles, type Bundle, type BundleFile } from './bundle/index.ts';
export { siteSchema } from './schema/index.ts';
export { jsonSchema } from './json-schema.ts';
