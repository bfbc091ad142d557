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
export { parseCallback, parseCallbackObject, hasErrorParameter, MAX_LENGTH } from './callback/parse.js';
export type { CallbackParams, ParsedCallback, MalformedReason } from './callback/parse.js';
export { handleCallback, interceptCallback } from './callback/handle.js';
export type { Intercepted } from './callback/handle.js';
export type { CallbackRequest } from './callback/request.js';
export type { HttpResponse } from './http/response.js';
export { mayBeErrorResponse } from './callback/read.js';
export type { CallbackSource } from './callback/read.js';
export { resolveOptions, isCallbackPath, DEFAULT_CALLBACK_PATH } from './options.js';
export type { OktaErrorHandlerOptions, ResolvedOptions, ActionOverride, ActionContext, LimitsOptions } from './options.js';
export { compileFileTemplate } from './render/templates.js';
export type { PageTemplate, TemplateFunction, ViewRenderer } from './render/templates.js';
export { negotiateLocale } from './http/locale.js';
export { prefersJson, prefersHtml, isNavigation } from './http/negotiate.js';
export type { ClientHints } from './http/negotiate.js';
export { GUARD_COOKIE, readGuard, guardCookie } from './callback/guard.js';
export type { GuardState } from './callback/guard.js';
export { html, escapeHtml, unsafeRaw } from './render/html.js';
export type { SafeHtml } from './render/html.js';
export { renderPage } from './render/page.js';
export type { PageContext } from './render/page.js';
export { problemDetails, PROBLEM_JSON } from './http/problem.js';
export type { ProblemDetails } from './http/problem.js';
export { isSameOriginPath } from './text/same-origin-path.js';
export { redactSecrets, sanitizeText, REDACTED, DEFAULT_TEXT_MAX } from './text/redact.js';
export * from './upstream/index.js';
export { InvalidOptionError, CallbackError, OEH_INVALID_OPTION, OEH_CALLBACK_ERROR } from './errors.js';
export type { OktaErrorEvent, CallbackErrorEvent, TemplateErrorEvent, UpstreamErrorEvent, SetupWarningEvent } from './events.js';
export { MAX_FORM_BYTES } from './http/read-body.js';
