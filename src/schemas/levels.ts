/** Levels shared by modules and labs, from a first contact to autonomous practice. */
export const LEVELS = ['débutant', 'intermédiaire', 'avancé'] as const;
export type Level = (typeof LEVELS)[number];
