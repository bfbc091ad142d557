/** The hostile-input properties (`properties.ts`) against Express 5. */
import { defineProperties } from './properties.js';

defineProperties('express5');
