import { contentTests } from './plan.ts';

/** Half of the labs and lessons, played in the real guest (see plan.ts). */
contentTests(2, 2);
