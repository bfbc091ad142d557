/**
 * `okta-error-handler/core`: the framework-free pieces the Express and Koa adapters are built from.
 * Pure functions and data: parse a callback, look a code up in the catalog, decide and render.
 * @module
 */
export { CALLBACK_ERRORS, UNKNOWN_CALLBACK_ERROR, lookupCallbackError } from '../catalog/oauth.js';
export type { CallbackAction, CallbackCategory, CallbackCatalogEntry, KnownCallbackCode } from '../catalog/oauth.js';
export { MESSAGES, PAGE_STRINGS } from '../catalog/messages.js';
export type { PageMessage, MessageKey, PageStrings, LocaleMessages } from '../catalog/messages.js';
export { ENTRA_SUBCODES, refineFromDescription } from '../catalog/entra.js';
export type { MessageVariant } from '../catalog/entra.js';
export { parseCallback, parseCallbackObject, hasErrorParameter, MAX_LENGTH } from './parse.js';
export type { CallbackParams, ParsedCallback, MalformedReason } from './parse.js';
export { handleCallback } from './callback.js';
export type { CallbackRequest, CallbackResponse } from './callback.js';
export { interceptCallback, mayBeErrorResponse } from './intercept.js';
export type { CallbackSource, Intercepted } from './intercept.js';
export { resolveOptions, isCallbackPath, DEFAULT_CALLBACK_PATH } from './options.js';
export type { OktaErrorHandlerOptions, ResolvedOptions, ActionOverride, ActionContext, LimitsOptions } from './options.js';
export { compileFileTemplate } from './templates.js';
export type { PageTemplate, TemplateFunction, ViewRenderer } from './templates.js';
export { negotiateLocale } from './locale.js';
export { prefersJson, prefersHtml, isNavigation } from './negotiate.js';
export type { ClientHints } from './negotiate.js';
export { GUARD_COOKIE, readGuard, guardCookie } from './guard.js';
export type { GuardState } from './guard.js';
export { html, escapeHtml, unsafeRaw } from './html.js';
export type { SafeHtml } from './html.js';
export { renderPage } from './page.js';
export type { PageContext } from './page.js';
export { problemDetails, PROBLEM_JSON } from './problem.js';
export type { ProblemDetails } from './problem.js';
export { isSameOriginPath } from './sanitize.js';
export { redactSecrets, sanitizeText, REDACTED, DEFAULT_TEXT_MAX } from './redact.js';
export * from './upstream/index.js';
export { InvalidOptionError, CallbackError, OEH_INVALID_OPTION, OEH_CALLBACK_ERROR } from './errors.js';
export type { OktaErrorEvent, CallbackErrorEvent, TemplateErrorEvent, UpstreamErrorEvent, SetupWarningEvent } from './events.js';
export { MAX_FORM_BYTES } from './read-body.js';
