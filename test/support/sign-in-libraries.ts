/**
 * The sign-in libraries themselves, for the unit tests of `stateFrom`, `recogniseLibraryFailure` and
 * `isSignedIn`: their own modules (required by path, as they are CommonJS without typings), a tiny HTTP
 * server for an app, and the cookies a browser would send back from their `Set-Cookie` headers.
 */
import { createRequire } from 'node:module';
import type { RequestListener } from 'node:http';
import { listen, type ListeningServer } from '../fixtures/relying-party/http.js';

/** `require` from the project: the installed libraries (express-openid-connect 3.4, passport-openidconnect 0.1.2, …). */
export const requireLibrary = createRequire(import.meta.url);

/** openid-client 5, as @okta/oidc-middleware 5 uses it (its own nested copy). */
export const openidClient5 = (): any => requireLibrary(requireLibrary.resolve('openid-client', { paths: [requireLibrary.resolve('@okta/oidc-middleware')] }));

/** An app on a free loopback port. */
export async function serve(app: RequestListener): Promise<ListeningServer> {
  const slot = await listen(0, '127.0.0.1');
  slot.attach(app);
  return slot;
}

/**
 * The raw `name=value` pairs of `Set-Cookie` headers, as a browser keeps them (values as sent, still
 * percent-encoded); cleared cookies (empty value, or an expiry in the past) are left out.
 */
export function cookiesFrom(setCookie: readonly string[]): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of setCookie) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expires = attributes.map((a) => a.trim()).find((a) => /^expires=/i.test(a));
    const expired = value === '' || (expires !== undefined && Date.parse(expires.slice(8)) < Date.now());
    if (expired) jar.delete(name);
    else jar.set(name, value);
  }
  return jar;
}

/** A Cookie header of `pairs`, in order. */
export const cookieHeader = (pairs: Iterable<readonly [string, string]>): string => [...pairs].map(([n, v]) => `${n}=${v}`).join('; ');
