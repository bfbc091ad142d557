/** The hostile-input properties (`properties.ts`) against Koa 3. */
import { defineProperties } from './properties.js';

defineProperties('koa3');
