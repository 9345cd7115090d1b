/**
 * The calculator's words, read from src/content/i18n/fr.json and given
 * French spacing once, for the page, the chart and the CSV alike.
 */
import { ui, type UiKey, type UiVars } from '../../i18n/ui.ts';
import { frenchSpacing } from '../../text/french-typography.ts';
import type { CostField } from './cost-schema.ts';
import type { LineId, Scenario } from './cost-model.ts';

/** One interface string of the calculator, with French spacing. */
export const t = (key: UiKey, vars?: UiVars): string => frenchSpacing(ui(key, vars));

export const fieldLabel = (field: CostField): string => t(`boreale.cost.field.${field}` as UiKey);
export const lineLabel = (line: LineId): string => t(`boreale.cost.line.${line}` as UiKey);
export const scenarioLabel = (scenario: Scenario): string => t(`boreale.cost.scenario.${scenario}` as UiKey);
