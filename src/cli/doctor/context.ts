/**
 * What a check gets: the options, its abort signal, and the answers several checks share (the
 * discovery document, the API token's `GET /api/v1/users/me`), fetched once per run.
 * @module
 */
import { field, jsonObject, request, type HttpRequest, type HttpResponse } from './http.js';
import { looksLikeJwt } from './okta.js';
import type { ResolvedDoctorOptions } from './options.js';
import type { CheckId, CheckStatus } from './types.js';

/** What a check concludes; the runner adds the id, title and duration. */
export interface Finding {
  readonly status: CheckStatus;
  readonly detail: string;
  readonly code?: string;
  readonly requestId?: string;
  readonly fix?: string;
}

/** The discovery document, or why there is none. */
export interface Discovery {
  readonly url: string;
  /** The answer, whatever its status (the clock check reads its `Date`). */
  readonly response?: HttpResponse;
  /** Set when there was no answer. */
  readonly error?: Error;
  /** The JSON object, when the answer was a 200 with one. */
  readonly doc?: Record<string, unknown>;
}

export interface CheckContext {
  readonly options: ResolvedDoctorOptions;
  /** Aborted when the check times out or the run ends. */
  readonly signal: AbortSignal;
  /** {@link request} bound to the check's signal. */
  fetch(url: string, init?: Omit<HttpRequest, 'signal'>): Promise<HttpResponse>;
  /** `GET` on the org with the API token (`Authorization: SSWS`). */
  api(path: string, init?: Omit<HttpRequest, 'signal' | 'headers'>): Promise<HttpResponse>;
  discovery(): Promise<Discovery>;
  /** The shared `GET /api/v1/users/me` with the API token. */
  apiMe(): Promise<HttpResponse>;
}

/** One check: fixed id and title, the inputs it needs, and what it does. */
export interface CheckDefinition {
  readonly id: CheckId;
  readonly title: string;
  /** Why the check cannot run with these options (naming the input that would enable it), or undefined. */
  readonly skip?: (options: ResolvedDoctorOptions) => string | undefined;
  readonly run: (ctx: CheckContext) => Promise<Finding>;
}

/** Path of the discovery document for an issuer (trailing slash dropped first, OIDC Discovery §4). */
export function discoveryUrl(issuer: URL): string {
  return `${issuer.href.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * Shared, once-per-run answers. They are bounded by the run (which ends when every check has finished
 * or timed out), not by a timer of their own: one firing just before a check's timer would turn that
 * check's timeout into a different finding.
 */
export function createShared(options: ResolvedDoctorOptions, runSignal: AbortSignal) {
  const signal = () => runSignal;
  let discovery: Promise<Discovery> | undefined;
  let me: Promise<HttpResponse> | undefined;
  return {
    discovery(): Promise<Discovery> {
      discovery ??= (async () => {
        const url = discoveryUrl(options.issuer);
        try {
          const response = await request(url, { signal: signal() });
          const doc = response.status === 200 ? jsonObject(response) : undefined;
          return { url, response, doc };
        } catch (err) {
          return { url, error: err instanceof Error ? err : new Error(String(err)) };
        }
      })();
      return discovery;
    },
    apiMe(): Promise<HttpResponse> {
      me ??= request(`${options.org}/api/v1/users/me`, { signal: signal(), headers: { authorization: `SSWS ${options.token ?? ''}` } });
      // Each caller handles the failure; a rejection nobody awaited yet must not crash the process.
      me.catch(() => undefined);
      return me;
    },
  };
}

export type Shared = ReturnType<typeof createShared>;

export function createContext(options: ResolvedDoctorOptions, shared: Shared, signal: AbortSignal): CheckContext {
  return {
    options,
    signal,
    fetch: (url, init) => request(url, { ...init, signal }),
    api: (path, init) => request(`${options.org}${path}`, { ...init, signal, headers: { authorization: `SSWS ${options.token ?? ''}` } }),
    discovery: shared.discovery,
    apiMe: shared.apiMe,
  };
}

/** A discovery metadata value that is a URL string. */
export function endpoint(doc: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = field(doc, name);
  return typeof value === 'string' && value.length < 2048 ? value : undefined;
}

/** The skip detail for missing inputs, naming each flag and its variable. */
export function needs(options: ResolvedDoctorOptions, inputs: ReadonlyArray<keyof typeof INPUTS>): string | undefined {
  const missing = inputs.filter((key) => options[key] === undefined);
  if (missing.length === 0) return undefined;
  return `needs ${missing.map((key) => INPUTS[key]).join(' and ')}`;
}

export const INPUTS = Object.freeze({
  clientId: '--client-id (OKTA_CLIENT_ID)',
  clientSecret: '--client-secret (OKTA_CLIENT_SECRET)',
  redirectUri: '--redirect-uri (OKTA_REDIRECT_URI)',
  token: '--token (OKTA_API_TOKEN)',
  oauthToken: '--oauth-token (OKTA_OAUTH_TOKEN)',
  user: '--user (OKTA_USER)',
});

/** The skip detail for checks that call the management API: they need a usable SSWS token. */
export function needsApiToken(options: ResolvedDoctorOptions, others: ReadonlyArray<keyof typeof INPUTS> = []): string | undefined {
  const missing = needs(options, [...others, 'token']);
  if (missing) return missing;
  if (looksLikeJwt(options.token!)) return 'needs an SSWS API token in --token (OKTA_API_TOKEN): the value given is a JWT (see the api-token check)';
  return undefined;
}

/**
 * Whether a discovery endpoint may receive the client secret or a token: only on the issuer's own
 * origin (where Okta always puts them), so a wrong or hostile document cannot collect credentials.
 */
export function onIssuerOrigin(url: string, options: ResolvedDoctorOptions): boolean {
  try {
    return new URL(url).origin === options.org;
  } catch {
    return false;
  }
}

/** The finding for an endpoint {@link onIssuerOrigin} refuses. */
export function foreignEndpoint(name: string, url: string, options: ResolvedDoctorOptions): Finding {
  let host = 'an unreadable URL';
  try {
    host = new URL(url).host;
  } catch {
    // keep the default
  }
  return {
    status: 'fail',
    detail: `The discovery document's ${name} is on ${options.scrub.clean(host, 200)}, not on the issuer's host ${new URL(options.org).host}: the credentials were not sent there.`,
    fix: 'Check that the issuer is your Okta authorization server and that nothing between this machine and Okta rewrites its discovery document.',
  };
}
