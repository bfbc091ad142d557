/**
 * The catalogs' codes by name, for the code that must name one (`CALLBACK_CODE.invalid_state`,
 * `OKTA_CODE.E0000047`): a property of the catalog rather than a string literal, so that every code
 * named outside `src/catalog/` is one the catalog has (a test greps `src/` for literals).
 * @module
 */
import { MESSAGE_VARIANTS } from './entra.js';
import { deepFreeze } from './freeze.js';
import { CALLBACK_ERRORS } from './oauth.js';
import { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS } from './oauth-token.js';
import { OKTA_API_ERRORS } from './okta-api.js';

type Names<T> = { readonly [K in keyof T & string]: K };
const names = <T extends object>(table: T): Names<T> => deepFreeze(Object.fromEntries(Object.keys(table).map((k) => [k, k]))) as Names<T>;

/**
 * Callback codes (`error` at the redirect URI, and this library's own rejections).
 * @group Catalogs
 */
export const CALLBACK_CODE = names(CALLBACK_ERRORS);
/**
 * Okta management-API codes (`errorCode`).
 * @group Catalogs
 */
export const OKTA_CODE = names(OKTA_API_ERRORS);
/**
 * OAuth codes from token, userinfo and other back-channel endpoints.
 * @group Catalogs
 */
export const OAUTH_CODE = names(OAUTH_TOKEN_ERRORS);
/**
 * openid-client failures that are not an OAuth error, and network failures.
 * @group Catalogs
 */
export const CLIENT_CODE = names(OPENID_CLIENT_ERRORS);
/** Message variants read from a description. */
export const VARIANT = names(MESSAGE_VARIANTS);
