/**
 * The sign-in the Fetch, Hono and Fastify examples share: openid-client 6, authorization code + PKCE with
 * `state`, the transaction in a short-lived HttpOnly cookie and the signed-in user in a server-side session
 * (in memory here; a store in production). Framework-free: it reads a Cookie header and returns the
 * Set-Cookie values and the location, which each example writes its own way.
 */
import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import type { VerifyStateResult } from 'okta-error-handler/fetch';

export const CALLBACK_PATH = '/authorization-code/callback';
const TX = 'oidc_tx';
const SID = 'sid';

/** One cookie of a Cookie header. */
export function cookieOf(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

interface Transaction {
  readonly state: string;
  readonly verifier: string;
}

function transactionOf(cookies: string | null | undefined): Transaction | undefined {
  const raw = cookieOf(cookies, TX);
  try {
    const value = raw === undefined ? undefined : (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Transaction>);
    return typeof value?.state === 'string' && typeof value.verifier === 'string' ? { state: value.state, verifier: value.verifier } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `verifyState` of these examples: the response's `state` is the one of this browser's sign-in in
 * progress (`transaction_missing` when none is, `state_mismatch` when another is, in the events).
 */
export function stateMatches(cookies: string | null | undefined, state: string | undefined): VerifyStateResult {
  const tx = transactionOf(cookies);
  if (tx === undefined) return { ok: false, reason: 'transaction_missing' };
  return state !== undefined && tx.state === state ? { ok: true } : { ok: false, reason: 'state_mismatch' };
}

export interface SignIn {
  /** Where `/login` sends the browser, and the transaction cookie. `prompt` from `promptFrom(req)`. */
  start(prompt: string | undefined): Promise<{ location: string; cookies: string[] }>;
  /** Completes the callback at `url` (throws openid-client's errors, which `oktaApiErrorHandler` answers). */
  finish(url: string, cookies: string | null | undefined): Promise<{ location: string; cookies: string[] }>;
  /** The signed-in user of a Cookie header. */
  user(cookies: string | null | undefined): { sub: string } | undefined;
}

export async function createSignIn({ issuer, clientId, clientSecret, baseUrl }: { issuer: string; clientId: string; clientSecret: string; baseUrl: string }): Promise<SignIn> {
  const insecure = baseUrl.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined; // loopback only
  const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined, insecure);
  const sessions = new Map<string, { sub: string }>();
  const secure = baseUrl.startsWith('https:') ? '; Secure' : '';
  return {
    async start(prompt) {
      const tx: Transaction = { state: client.randomState(), verifier: client.randomPKCECodeVerifier() };
      const params: Record<string, string> = { redirect_uri: `${baseUrl}${CALLBACK_PATH}`, scope: 'openid profile', state: tx.state, code_challenge: await client.calculatePKCECodeChallenge(tx.verifier), code_challenge_method: 'S256' };
      if (prompt) params.prompt = prompt; // never `prompt: undefined`: it would be sent as "undefined"
      return { location: client.buildAuthorizationUrl(config, params).href, cookies: [`${TX}=${Buffer.from(JSON.stringify(tx)).toString('base64url')}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax${secure}`] };
    },
    async finish(url, cookies) {
      const tx = transactionOf(cookies);
      const tokens = await client.authorizationCodeGrant(config, new URL(url, baseUrl), { pkceCodeVerifier: tx?.verifier, expectedState: tx?.state });
      const sid = randomUUID();
      sessions.set(sid, { sub: tokens.claims()!.sub });
      return { location: '/', cookies: [`${TX}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`, `${SID}=${sid}; Path=/; HttpOnly; SameSite=Lax${secure}`] };
    },
    user: (cookies) => sessions.get(cookieOf(cookies, SID) ?? ''),
  };
}
