/**
 * `okta-error-handler/core`: the framework-free building blocks the Express and Koa adapters are made
 * of, for writing an adapter of your own. Pure functions and data: read a callback, verify it, decide,
 * respond; normalize a failed call to Okta and answer it. No framework is imported.
 *
 * An adapter reads its framework's request into a {@link CallbackSource} (or {@link RequestFacts}),
 * calls {@link interceptCallback} (or {@link respondToUpstreamError}) with options from
 * {@link resolveOptions}, and copies the {@link HttpResponse} onto its framework's response.
 * @module
 */
// The pipeline.
export { mayBeErrorResponse, readCallback } from './callback/read.js';
export type { CallbackSource, ReadBody, ReadCallback } from './callback/read.js';
export { verify } from './callback/verify.js';
export type { Rejection } from './callback/verify.js';
export { decide } from './callback/decide.js';
export type { Decision, DecisionFacts } from './callback/decide.js';
export { respond } from './callback/respond.js';
export { handleCallback, interceptCallback } from './callback/handle.js';
export type { Intercepted } from './callback/handle.js';
export type { CallbackRequest } from './callback/request.js';
export { respondToUpstreamError } from './upstream/respond.js';
export type { UpstreamOutcome, UpstreamRequest } from './upstream/respond.js';
export type { RequestFacts } from './http/request.js';
export type { HttpResponse } from './http/response.js';
// Options.
export { resolveOptions, isCallbackPath, DEFAULT_CALLBACK_PATH } from './options/index.js';
export type { DocsUrlInfo, DocsUrlOption, DocsUrlResolver } from './options/index.js';
export type { ActionContext, ActionOverride, CallbackPaths, LimitsOptions, OktaApiErrorHandlerOptions, OktaErrorHandlerOptions, OptionsHost, ResolvedOptions } from './options/index.js';
// Reading a request.
export { parseCallback, parseCallbackObject } from './callback/parse.js';
export type { CallbackParams, MalformedReason, ParsedCallback } from './callback/parse.js';
export { clientHints, isNavigation, prefersHtml, prefersJson } from './http/negotiate.js';
export type { ClientHints, RequestHeaders } from './http/negotiate.js';
export { negotiateLocale } from './http/locale.js';
export { readTransport } from './http/transport.js';
export type { Transport } from './http/transport.js';
// Rendering and text.
export { html, escapeHtml } from './render/html.js';
export type { SafeHtml } from './render/html.js';
export { renderPage } from './render/page.js';
export type { PageContext } from './render/page.js';
export type { PageTemplate, TemplateFunction, ViewRenderer } from './render/templates.js';
export { problemDetails } from './http/problem.js';
export type { ProblemDetails } from './http/problem.js';
export { redactSecrets, sanitizeText } from './text/redact.js';
export { toSameOriginPath } from './text/same-origin-path.js';
// Failed calls to Okta.
export { normalizeOktaError, normalizeOktaResponse } from './upstream/normalize.js';
export type { NormalizeContext, NormalizedOktaError, UpstreamSource } from './upstream/model.js';
export { parseRetryAfter } from './upstream/retry-after.js';
export type { RetryAfterOptions } from './upstream/retry-after.js';
export { withOktaRetry } from './upstream/with-retry.js';
export type { WithOktaRetryOptions } from './upstream/with-retry.js';
// The catalogs.
export { CALLBACK_ACTIONS, CALLBACK_CATEGORIES, CALLBACK_ERRORS, lookupCallbackError } from '../catalog/oauth.js';
export type { CallbackAction, CallbackCatalogEntry, CallbackCategory, KnownCallbackCode } from '../catalog/oauth.js';
export { MESSAGES, PAGE_STRINGS } from '../catalog/messages.js';
export type { LocaleMessages, MessageKey, PageMessage, PageStrings } from '../catalog/messages.js';
export { ENTRA_SUBCODES, MESSAGE_VARIANTS, refineFromDescription } from '../catalog/entra.js';
export type { MessageVariant } from '../catalog/entra.js';
export { OKTA_API_ERRORS, lookupOktaApiError } from '../catalog/okta-api.js';
export type { KnownOktaApiCode, OktaApiCatalogEntry, OktaApiCategory } from '../catalog/okta-api.js';
export { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS, lookupOAuthTokenError } from '../catalog/oauth-token.js';
export type { KnownOAuthTokenCode, OAuthGrantKind, OAuthTokenCatalogEntry, UpstreamAction } from '../catalog/oauth-token.js';
export { CALLBACK_CODE, CLIENT_CODE, OAUTH_CODE, OKTA_CODE } from '../catalog/codes.js';
export type { FixedEntry, FixedEntryCode, Telemetry, UpstreamFacts, UpstreamSeverityRule } from '../catalog/telemetry.js';
// Errors and events.
export { InvalidOptionError, OEH_INVALID_OPTION } from './errors.js';
export { UpstreamError, OEH_UPSTREAM_ERROR } from './upstream/errors.js';
export type { CallbackErrorEvent, EventLabels, EventSeverity, OktaErrorEvent, SetupWarningEvent, TemplateErrorEvent, UpstreamErrorEvent } from './events.js';
