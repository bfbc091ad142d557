/**
 * What every adapter's entry point exports besides its two factories: the option and event types, the
 * upstream helpers, the error classes and their codes, `html`, `promptFrom` and `signInFailedPath`. Nothing
 * here needs Node (the Fetch API entry points export it as it is); `public-node.ts` adds `stateFrom`.
 * Adapter authors find the building blocks in `okta-error-handler/core`.
 * @module
 */
export { html } from './core/render/html.js';
export { promptFrom, signInFailedPath } from './integrations/prompt.js';
export type { ForwardedPrompt } from './integrations/prompt.js';
export type { SignInFailure, SignInLibrary } from './catalog/sign-in-libraries.js';
export type { SafeHtml } from './core/render/html.js';
export { normalizeOktaError, normalizeOktaResponse } from './core/upstream/normalize.js';
export type { NormalizeContext, NormalizedOktaError, UpstreamSource } from './core/upstream/model.js';
export { withOktaRetry } from './core/upstream/with-retry.js';
export type { WithOktaRetryOptions } from './core/upstream/with-retry.js';
export { UpstreamError, OEH_UPSTREAM_ERROR } from './core/upstream/errors.js';
export { InvalidOptionError, OEH_INVALID_OPTION } from './core/errors.js';
export type { ActionContext, ActionOverride, LimitsOptions, OktaApiErrorHandlerOptions, OktaErrorHandlerOptions, VerifyStateResult } from './core/options/index.js';
export type { PageTemplate, TemplateFunction } from './core/render/templates.js';
export type { PageContext } from './core/render/page.js';
export type { LocaleMessages, PageMessage, PageStrings } from './catalog/messages.js';
export type { CallbackAction, CallbackCategory } from './catalog/oauth.js';
export type { MessageVariant } from './catalog/entra.js';
export type { OktaApiCategory } from './catalog/okta-api.js';
export type { OAuthGrantKind, UpstreamAction } from './catalog/oauth-token.js';
export type { CallbackErrorEvent, EventLabels, EventSeverity, OktaErrorEvent, SetupWarningEvent, TemplateErrorEvent, UpstreamErrorEvent } from './core/events.js';
export type { DocsUrlInfo, DocsUrlOption } from './core/options/index.js';
