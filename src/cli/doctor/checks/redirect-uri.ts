/**
 * `redirect-uri`: whether the redirect URI is registered for the client, seen the way a browser sees
 * it. One authorization request with `prompt=none` (PKCE S256, random `state` and `nonce`), not
 * followed: Okta redirects back to a registered URI (with `login_required`, since this machine has no
 * Okta session), and shows its own error page for an unregistered one or an unknown client.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

import { lookupCallbackError } from '../../../catalog/oauth.js';
import { field, jsonObject, type HttpResponse } from '../http.js';
import { looksLikeJwt, requestIdOf } from '../okta.js';
import { endpoint, needs, type CheckContext, type CheckDefinition, type Finding } from '../context.js';
import { CALLBACK_CODE, OAUTH_CODE } from '../../../catalog/codes.js';

/** Errors that prove the request was acceptable: only the missing session stopped it. */
const INTERACTION_ERRORS = new Set<string>([CALLBACK_CODE.login_required, CALLBACK_CODE.consent_required, CALLBACK_CODE.interaction_required, CALLBACK_CODE.account_selection_required]);

const random = () => randomBytes(24).toString('base64url');

/** The URL without query and fragment, for comparing a Location with the redirect URI. */
function base(value: string): string | undefined {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}

/** Visible text of an HTML page (or the text itself), entities for quotes decoded. */
function pageText(text: string): string {
  return text
    .slice(0, 200_000)
    .replace(/<(script|style)[^>]*>[^]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#39;|&#x27;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** What Okta's (or another provider's) error page says about the request. */
function readErrorPage(res: HttpResponse): 'unknown-client' | 'redirect' | undefined {
  const body = jsonObject(res);
  const error = field(body, 'error') ?? field(body, 'errorCode');
  const text = typeof error === 'string' ? `${error} ${String(field(body, 'error_description') ?? field(body, 'errorSummary') ?? '')}` : pageText(res.text);
  if (/\binvalid_client\b|invalid value for ['"]?client_id|client is invalid|client_id\W{0,3}(is )?(not found|invalid|unknown)|unknown client/i.test(text)) return 'unknown-client';
  if (/invalid_redirect_uri|redirect_uri_mismatch|redirect_uri['"]? parameter must be|redirect_uri.{0,60}(did not match|not registered|not allowed|mismatch|invalid)/i.test(text)) return 'redirect';
  return undefined;
}

/** The app's registered sign-in redirect URIs, when an API token can read them; never fails the check. */
async function registeredUris(ctx: CheckContext, clientId: string): Promise<string[] | undefined> {
  const { token } = ctx.options;
  if (!token || looksLikeJwt(token)) return undefined;
  try {
    const res = await ctx.api(`/api/v1/apps/${encodeURIComponent(clientId)}`);
    const uris = field(field(field(jsonObject(res), 'settings'), 'oauthClient'), 'redirect_uris');
    return res.status === 200 && Array.isArray(uris) ? uris.filter((u): u is string => typeof u === 'string').slice(0, 20) : undefined;
  } catch {
    return undefined;
  }
}

const WHERE_TO_ADD =
  'Okta Admin Console > Applications > Applications > (your app) > General > LOGIN > Sign-in redirect URIs: add it exactly (scheme, host, port, path, trailing slash, case).';

export const redirectUri: CheckDefinition = {
  id: 'redirect-uri',
  title: 'Redirect URI registration',
  skip: (o) => needs(o, ['clientId', 'redirectUri']),
  async run(ctx): Promise<Finding> {
    const { options } = ctx;
    const { scrub } = options;
    const clientId = options.clientId!;
    const redirect = options.redirectUri!;
    const shownRedirect = scrub.clean(redirect, 300);
    const shownClient = scrub.clean(clientId, 100);
    const expected = base(redirect);
    if (!expected) return { status: 'fail', detail: `The redirect URI ${shownRedirect} is not an absolute URL.`, fix: 'Give the full URI the app sends as redirect_uri, e.g. https://app.example.com/authorization-code/callback.' };

    const found = await ctx.discovery();
    const authorize = endpoint(found.doc, 'authorization_endpoint');
    if (!authorize) {
      return found.doc
        ? { status: 'fail', detail: 'The discovery document has no authorization_endpoint.', fix: 'Use an Okta authorization server as the issuer.' }
        : { status: 'skip', detail: 'needs the discovery document, which could not be read (see the discovery check)' };
    }
    const verifier = random();
    const url = new URL(authorize);
    const params = {
      client_id: clientId,
      redirect_uri: redirect,
      response_type: 'code',
      scope: 'openid',
      prompt: 'none',
      state: random(),
      nonce: random(),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const res = await ctx.fetch(url.href, { headers: { accept: 'text/html,application/json;q=0.9' }, maxBytes: 256 * 1024 });
    const requestId = requestIdOf(res);
    const location = res.headers.get('location');

    if (res.status >= 300 && res.status < 400 && location) {
      let target: URL | undefined;
      try {
        target = new URL(location, url);
      } catch {
        target = undefined;
      }
      if (target && base(target.href) === expected) {
        const answer = new URLSearchParams(target.search || target.hash.slice(1));
        const error = answer.get('error') ?? '';
        const code = /^[a-z][a-z0-9_]{0,63}$/.test(error) ? error : undefined;
        if (!error || (code && INTERACTION_ERRORS.has(code))) {
          return {
            status: 'pass',
            detail: `${shownRedirect} is registered for client ${shownClient}: Okta redirected back${code ? ` with error=${code} (no session here, as expected with prompt=none)` : ''}.`,
            requestId,
          };
        }
        const description = scrub.clean(answer.get('error_description') ?? '', 200);
        const entry = lookupCallbackError(code ?? '');
        return {
          status: code === CALLBACK_CODE.access_denied ? 'warn' : 'fail',
          detail: `${shownRedirect} is registered, but Okta refused the sign-in request with ${code ?? 'an unreadable error'}${description ? `: "${description}"` : ''}. Users get this at the callback.`,
          code,
          requestId,
          fix:
            code === CALLBACK_CODE.access_denied
              ? 'Check the authorization server\'s access policies (Security > API > Authorization Servers > Access Policies): one must be assigned to this client and allow the authorization code grant.'
              : entry.explanation,
        };
      }
      const elsewhere = target ? `${target.protocol}//${target.host}${target.pathname}` : 'an unreadable Location';
      return {
        status: 'fail',
        detail: `Okta did not redirect back to ${shownRedirect}; it sent the browser to ${scrub.clean(elsewhere, 300)} instead, which is what happens when the redirect URI is not registered for client ${shownClient}.`,
        requestId,
        fix: WHERE_TO_ADD,
      };
    }

    const page = readErrorPage(res);
    if (page === 'unknown-client') {
      return {
        status: 'fail',
        detail: `Okta does not know the client id ${shownClient} (its error page, ${res.status}, says invalid_client) on this authorization server.`,
        code: OAUTH_CODE.invalid_client,
        requestId,
        fix: 'Copy the Client ID from Applications > Applications > (your app) > General > Client Credentials, and check that the issuer is in the same Okta org as the app.',
      };
    }
    const registered = await registeredUris(ctx, clientId);
    const list = registered?.length
      ? ` The app's registered sign-in redirect URIs: ${registered.slice(0, 5).map((u) => scrub.clean(u, 200)).join(', ')}${registered.length > 5 ? ', …' : ''}.`
      : '';
    return {
      status: 'fail',
      detail: `${shownRedirect} is not a registered sign-in redirect URI of client ${shownClient}: Okta answered with its own error page (${res.status}) instead of redirecting back, so users stop there and the app never sees an error.${list}`,
      code: page === 'redirect' ? 'invalid_redirect_uri' : undefined,
      requestId,
      fix: WHERE_TO_ADD,
    };
  },
};
