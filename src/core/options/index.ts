/**
 * One options module for both handlers, driven by one table: each option's check, what it expects, and
 * where its resolved value goes. It runs once, when a middleware is created, so that a mistake stops the
 * app at start-up, not a user at sign-in; keys neither handler knows are refused with "did you mean".
 * @module
 */
import { CALLBACK_ACTIONS, type CallbackAction } from '../../catalog/oauth.js';
import { InvalidOptionError } from '../errors.js';
import { fixedTelemetry } from '../../catalog/telemetry.js';
import { emit, eventLabels, eventTime } from '../events.js';
import { compileTemplates, type ReadTextFile } from '../render/templates.js';
import { assertOption, checkRecord, integerIn, isRecord, rejectUnknownKeys, stringList } from './checks.js';
import { resolveDocsUrl, type DocsUrlResolver } from './docs-url.js';
import { resolveWording } from './messages.js';
import { resolveCallbackPaths, resolveLoginPath, resolveSameOriginPath } from './paths.js';
import type { ActionOverride, LimitsOptions, OktaErrorHandlerOptions, ResolvedOptions } from './types.js';

export { assertOption, isRecord, rejectUnknownKeys } from './checks.js';
export { DEFAULT_CALLBACK_PATH, isCallbackPath, resolveCallbackPaths, resolveLoginPath, type CallbackPaths } from './paths.js';
export { DEFAULT_DOCS_URL, type DocsUrlInfo, type DocsUrlOption, type DocsUrlResolver } from './docs-url.js';
export type { ActionContext, ActionOverride, LimitsOptions, OktaApiErrorHandlerOptions, OktaErrorHandlerOptions, ResolvedOptions, VerifyStateResult } from './types.js';

type Key = keyof OktaErrorHandlerOptions;

/** Which handler reads an option (both check every option). */
type Reader = 'both' | 'oktaErrorHandler' | 'oktaApiErrorHandler';

/** A row of the options table: a plain check with what it expects, or a resolver of its own. */
type OptionRule =
  | { readonly reads: Reader; readonly check: (value: unknown) => boolean; readonly expected: string }
  | { readonly reads: Reader; readonly resolve: (value: unknown, options: Readonly<Record<string, unknown>>, host: OptionsHost) => unknown };

/**
 * What the runtime gives the options: how to read a `{ file }` template (the Node adapters pass
 * `node:fs`; without it such a template is refused at start-up).
 * @group Options
 */
export interface OptionsHost {
  readonly readFile?: ReadTextFile;
}

const isFunction = (v: unknown) => typeof v === 'function';
const isBoolean = (v: unknown) => typeof v === 'boolean';
const ACTIONS = Object.keys(CALLBACK_ACTIONS) as CallbackAction[];

const checkActions = (value: unknown) =>
  checkRecord<ActionOverride<unknown>>(value, 'actions', (v, path) =>
    assertOption(isFunction(v) || ACTIONS.includes(v as CallbackAction), path, v, `one of ${ACTIONS.map((a) => `"${a}"`).join(', ')}, or a function returning one`),
  );
const checkIssuers = (value: unknown) => stringList(value, 'issuer', (s) => /^https?:\/\/[^\s]+$/.test(s), 'an issuer URL such as "https://example.okta.com/oauth2/default"');
const checkHosts = (value: unknown) => stringList(value, 'trustedErrorUriHosts', (s) => /^[a-z0-9.-]+(:\d+)?$/i.test(s), 'a host name such as "developer.okta.com"');
const checkStatusFor = (value: unknown): Readonly<Record<string, number>> | undefined => {
  if (value === undefined) return undefined;
  assertOption(isRecord(value), 'statusFor', value, 'an object such as { E0000047: 429 }');
  for (const [code, status] of Object.entries(value as object)) {
    assertOption(Number.isInteger(status) && status >= 400 && status <= 599, `statusFor.${code}`, status, 'an HTTP error status from 400 to 599');
  }
  return Object.freeze({ ...(value as Record<string, number>) });
};

/** The options table. Its keys are every option either handler knows. */
const OPTIONS: { readonly [K in Key]-?: OptionRule } = {
  callbackPath: { reads: 'both', resolve: resolveCallbackPaths },
  loginPath: { reads: 'both', resolve: resolveLoginPath },
  development: { reads: 'both', check: isBoolean, expected: 'a boolean' },
  onError: { reads: 'both', check: isFunction, expected: 'a function' },
  templates: { reads: 'both', resolve: (v, _o, host) => Object.freeze(compileTemplates(v, host.readFile)) },
  renderView: { reads: 'both', check: isFunction, expected: 'a function' },
  limits: { reads: 'both', resolve: (v) => resolveLimits(v) },
  homePath: { reads: 'both', resolve: (v) => resolveSameOriginPath(v, 'homePath', '/') },
  isSignedIn: { reads: 'both', check: isFunction, expected: 'a function (req) => boolean' },
  docsUrl: { reads: 'both', resolve: resolveDocsUrl },
  loginUrl: { reads: 'oktaErrorHandler', check: isFunction, expected: 'a function' },
  issuer: { reads: 'oktaErrorHandler', resolve: (v) => (v === undefined ? undefined : new Set(checkIssuers(v))) },
  requireIss: { reads: 'oktaErrorHandler', check: isBoolean, expected: 'a boolean' },
  verifyState: { reads: 'oktaErrorHandler', check: isFunction, expected: 'a function' },
  requireState: { reads: 'oktaErrorHandler', check: isBoolean, expected: 'a boolean' },
  verifyStateTimeoutMs: { reads: 'oktaErrorHandler', resolve: (v) => integerIn(v, 'verifyStateTimeoutMs', 5000, 1, 60_000, ' number of milliseconds') },
  actions: { reads: 'oktaErrorHandler', resolve: (v) => Object.freeze(checkActions(v)) },
  // The two are read together: `messages` may be keyed by language too.
  messages: { reads: 'oktaErrorHandler', resolve: (_, o) => resolveWording(o.messages, o.locales) },
  locales: { reads: 'oktaErrorHandler', resolve: () => undefined },
  trustedErrorUriHosts: { reads: 'oktaErrorHandler', resolve: (v) => new Set((v === undefined ? [] : checkHosts(v)).map((h) => h.toLowerCase())) },
  statusFor: { reads: 'oktaApiErrorHandler', resolve: checkStatusFor },
  handleAll: { reads: 'oktaApiErrorHandler', check: isBoolean, expected: 'a boolean' },
};

/** Every option key, and the handler that reads it (for documentation). */
export const OPTION_KEYS: Readonly<Record<Key, Reader>> = Object.freeze(Object.fromEntries(Object.entries(OPTIONS).map(([k, r]) => [k, r.reads])) as Record<Key, Reader>);

/** Checks the `limits` option and applies its defaults. */
export function resolveLimits(value: unknown): Required<LimitsOptions> {
  const limits = (value ?? {}) as Record<string, unknown>;
  assertOption(isRecord(limits), 'limits', value, 'an object');
  rejectUnknownKeys(limits, ['reprompts', 'retries', 'restarts', 'windowSeconds', 'retryAfterSeconds'], 'limits.');
  return Object.freeze({
    reprompts: integerIn(limits.reprompts, 'limits.reprompts', 1, 0, 10),
    retries: integerIn(limits.retries, 'limits.retries', 2, 0, 10),
    restarts: integerIn(limits.restarts, 'limits.restarts', 1, 0, 10),
    windowSeconds: integerIn(limits.windowSeconds, 'limits.windowSeconds', 600, 10, 86_400),
    retryAfterSeconds: integerIn(limits.retryAfterSeconds, 'limits.retryAfterSeconds', 30, 1, 3600),
  });
}

/**
 * Validates options and applies defaults, for either handler (`factory` names it in the message for an
 * options object passed uncalled). Throws {@link InvalidOptionError} naming the option, the value and
 * what was expected.
 * @group Options
 */
export function resolveOptions<Req>(options: OktaErrorHandlerOptions<Req> | undefined, factory = 'oktaErrorHandler', host: OptionsHost = {}): ResolvedOptions<Req> {
  if (options === undefined) options = {};
  if (typeof options === 'function') {
    throw new InvalidOptionError('options', `is a function: call the factory, \`app.use(${factory}())\`, instead of passing it.`);
  }
  assertOption(isRecord(options), 'options', options, 'an object');
  rejectUnknownKeys(options, Object.keys(OPTIONS));
  const o = options as Record<string, unknown>;
  const r = {} as Record<Key, unknown>;
  for (const [key, rule] of Object.entries(OPTIONS) as [Key, OptionRule][]) {
    if ('check' in rule) assertOption(o[key] === undefined || rule.check(o[key]), key, o[key], rule.expected);
    r[key] = 'check' in rule ? o[key] : rule.resolve(o[key], o, host);
  }
  if (o.requireIss === true && o.issuer === undefined) throw new InvalidOptionError('requireIss', 'needs the "issuer" option: there is nothing to compare "iss" with.');
  if (o.requireState === false && o.verifyState === undefined) {
    throw new InvalidOptionError('requireState', 'false needs a "verifyState" that confirms a sign-in is in progress, such as stateFrom({ session: \'oidc.code_verifier\', pkceOnly: true }): otherwise any forged error link would be acted on.');
  }
  const actions = r.actions as ResolvedOptions<Req>['actions'];
  const templates = r.templates as ResolvedOptions<Req>['templates'];
  const { messages, locales } = r.messages as ReturnType<typeof resolveWording>;
  const resolved: ResolvedOptions<Req> = Object.freeze({
    callbackPaths: r.callbackPath as ResolvedOptions<Req>['callbackPaths'],
    loginPath: r.loginPath as string,
    development: r.development === true,
    onError: r.onError as ResolvedOptions<Req>['onError'],
    templates,
    renderView: r.renderView as ResolvedOptions<Req>['renderView'],
    limits: r.limits as ResolvedOptions<Req>['limits'],
    homePath: r.homePath as string,
    isSignedIn: r.isSignedIn as ResolvedOptions<Req>['isSignedIn'],
    docsUrl: r.docsUrl as DocsUrlResolver,
    loginUrl: r.loginUrl as ResolvedOptions<Req>['loginUrl'],
    issuers: r.issuer as ResolvedOptions<Req>['issuers'],
    requireIss: r.requireIss === true,
    verifyState: r.verifyState as ResolvedOptions<Req>['verifyState'],
    requireState: r.requireState !== false,
    verifyStateTimeoutMs: r.verifyStateTimeoutMs as number,
    actions,
    messages,
    locales,
    localeTags: Object.freeze(Object.keys(locales)),
    trustedErrorUriHosts: r.trustedErrorUriHosts as ReadonlySet<string>,
    statusFor: r.statusFor as ResolvedOptions<Req>['statusFor'],
    handleAll: r.handleAll === true,
    appCodes: new Set([...Object.keys(actions), ...Object.keys(messages), ...Object.keys(templates)].filter((k) => k !== 'default')),
    notices: new Set<string>(),
  });
  if (factory === 'oktaErrorHandler') noticeUnverifiedState(resolved);
  return resolved;
}

/** The message of the `state_not_verified` notice. */
export const STATE_NOT_VERIFIED =
  'oktaErrorHandler has no verifyState: a forged error link (?error=access_denied&state=anything) is shown as a genuine error. Pass verifyState: stateFrom(\'express-openid-connect\' | \'@okta/oidc-middleware\' | \'passport-openidconnect\' | { session: \'…\' }).';

/** In development, once when the interceptor is created without `verifyState`, says what that means. */
function noticeUnverifiedState<Req>(options: ResolvedOptions<Req>): void {
  if (!options.development || options.verifyState) return;
  const code = 'state_not_verified';
  const event = { type: 'setup.warning', ...eventLabels(fixedTelemetry(code), 'setup.warning', options.docsUrl), code, message: STATE_NOT_VERIFIED, forwardedHttps: false, path: '', time: eventTime() } as const;
  if (options.onError) emit(options.onError, event);
  else console.warn(`okta-error-handler: ${STATE_NOT_VERIFIED}`);
}
