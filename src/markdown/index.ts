import { remarkCmd } from './remark-cmd.ts';
import { remarkFrenchTypography } from './french-typography.ts';
import { remarkLab } from './remark-lab.ts';
import { remarkQuiz } from './remark-quiz.ts';
import { remarkReveal } from './remark-reveal.ts';

/**
 * Our remark plugins, in order. Directives nobody claims here are given back
 * as text by Starlight afterwards (`chown root:root`, `12:30`). French
 * spacing runs last so it also fixes the text the directives generate.
 */
export const borealeRemarkPlugins = [remarkReveal, remarkQuiz, remarkCmd, remarkLab, remarkFrenchTypography];
