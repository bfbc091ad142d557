/**
 * `discovery`: the issuer's discovery document is reachable JSON whose `issuer` is the input,
 * character for character (openid-client and the middleware's `issuer` option compare exactly), and
 * what its metadata means for the middleware.
 * @module
 */
import { field } from '../http.js';
import { oktaFailure, requestIdOf } from '../okta.js';
import type { CheckDefinition, Finding } from '../context.js';

/** Why two issuer strings differ, in the words a developer searches for. */
export function issuerDifference(given: string, actual: string): string {
  if (given.trim() !== given) return 'the issuer you gave has leading or trailing whitespace (an .env file quoting it?)';
  if (given === `${actual}/`) return 'a trailing slash: yours ends with "/", Okta\'s does not';
  if (actual === `${given}/`) return 'a trailing slash: Okta\'s ends with "/", yours does not';
  let g: URL;
  let a: URL;
  try {
    g = new URL(given);
    a = new URL(actual);
  } catch {
    return 'the document\'s issuer is not a URL';
  }
  if (g.protocol !== a.protocol) return `the scheme: ${g.protocol} given, ${a.protocol} in the document`;
  if (g.host.toLowerCase() !== a.host.toLowerCase()) {
    return `the host: ${g.host} given, ${a.host} in the document (a custom domain, or the authorization server's issuer mode set to another domain)`;
  }
  if (g.host !== a.host) return 'the letter case of the host';
  const gPath = g.pathname.replace(/\/+$/, '');
  const aPath = a.pathname.replace(/\/+$/, '');
  const server = (path: string) =>
    path === '' ? 'the org authorization server' : /^\/oauth2\/[^/]+$/.test(path) ? `the custom authorization server ${path}` : `the path ${path}`;
  if (gPath !== aPath) {
    return `${server(gPath)} given, ${server(aPath)} in the document: tokens from one fail validation against the other`;
  }
  return 'the exact characters (compare them byte by byte)';
}

const describeIss = (value: unknown) =>
  value === true
    ? 'iss in authorization responses: supported, so set the middleware\'s issuer option and requireIss: true (RFC 9207)'
    : 'iss in authorization responses: not announced, so set issuer but leave requireIss off';

function describePrompt(value: unknown): string {
  if (!Array.isArray(value)) return 'prompt values: not announced (the middleware re-prompts with prompt=login or prompt=consent; try them)';
  const values = value.filter((v): v is string => typeof v === 'string').slice(0, 10);
  const none = values.includes('none')
    ? 'prompt=none works (silent sign-in; its login_required is re-prompted with prompt=login)'
    : 'no prompt=none (do not use silent sign-in)';
  const missing = ['login', 'consent'].filter((v) => !values.includes(v));
  return `prompt values: ${values.join(', ') || 'none listed'}; ${none}${missing.length ? `; ${missing.join(' and ')} not supported, so that re-prompt will not work` : ''}`;
}

function describeModes(value: unknown): string {
  if (!Array.isArray(value)) return 'response modes: not announced (query is the default)';
  const values = value.filter((v): v is string => typeof v === 'string').slice(0, 10);
  return `response modes: ${values.join(', ')}; ${values.includes('form_post') ? 'form_post is available (the middleware reads form_post callbacks itself)' : 'no form_post: use the query response mode'}`;
}

export const discovery: CheckDefinition = {
  id: 'discovery',
  title: 'OpenID Connect discovery',
  async run(ctx): Promise<Finding> {
    const { options } = ctx;
    const { scrub } = options;
    const found = await ctx.discovery();
    const where = `GET ${found.url}`;
    const issuerFix =
      'The issuer is https://{your Okta domain} for the org authorization server, https://{your Okta domain}/oauth2/{id} (often /oauth2/default) for a custom one: see Security > API > Authorization Servers.';
    if (!found.response) {
      return { status: 'fail', detail: `${where}: ${found.error?.message ?? 'no answer'}`, fix: 'Check the issuer\'s host name, this machine\'s network, proxy and firewall.' };
    }
    const res = found.response;
    if (res.status !== 200) {
      const failure = oktaFailure(res);
      const pasted = /\/\.well-known\/[^/]+\/?$/.test(options.issuer.pathname) ? ' The issuer you gave ends in a discovery path: give the issuer itself.' : '';
      return {
        status: 'fail',
        detail: `${where} answered ${res.status}${failure.summary ? `: ${scrub.clean(failure.summary, 200)}` : ''}.${pasted}`,
        code: failure.code.startsWith('http_') ? undefined : failure.code,
        requestId: failure.requestId,
        fix: issuerFix,
      };
    }
    const doc = found.doc;
    if (!doc) return { status: 'fail', detail: `${where} answered 200 but not with a JSON object.`, requestId: requestIdOf(res), fix: issuerFix };
    const issuer = field(doc, 'issuer');
    if (typeof issuer !== 'string') {
      return { status: 'fail', detail: `${where}: the document has no issuer.`, requestId: requestIdOf(res), fix: issuerFix };
    }
    const meta = [
      describeIss(field(doc, 'authorization_response_iss_parameter_supported')),
      describePrompt(field(doc, 'prompt_values_supported')),
      describeModes(field(doc, 'response_modes_supported')),
    ].join('; ');
    if (issuer !== options.issuerInput) {
      const actual = scrub.clean(issuer, 300);
      return {
        status: 'fail',
        detail: `The document's issuer is "${actual}", not the issuer given; the difference is ${issuerDifference(options.issuerInput, issuer)}. Sign-in libraries compare the two exactly, so every token and iss check fails.`,
        requestId: requestIdOf(res),
        fix: `Use exactly "${actual}" as the issuer (OKTA_ISSUER, openid-client's discovery URL and the middleware's issuer option).`,
      };
    }
    return { status: 'pass', detail: `The issuer matches the document. ${meta}.`, requestId: requestIdOf(res) };
  },
};
