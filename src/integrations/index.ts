/**
 * In front of the sign-in libraries people use: `stateFrom` (a `verifyState` for each library's
 * transaction), `promptFrom` (for the app's login route) and `signInFailedPath` (for a library's failure
 * option). The libraries' own callback failures are recognised by `oktaApiErrorHandler` from the shapes in
 * `catalog/sign-in-libraries.ts`.
 * @module
 */
export { stateFrom } from './state.js';
export type { SessionStateOptions, StateFromOptions, StateVerifier } from './state.js';
export { FORWARDED_PROMPTS, promptFrom, signInFailedPath } from './prompt.js';
export type { ForwardedPrompt } from './prompt.js';
