/**
 * The Next.js example's sign-in (openid-client 6): the same framework-free helper the Fetch, Hono and
 * Fastify examples use, configured from the environment (OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET, APP_BASE_URL).
 */
import { createSignIn, type SignIn } from '../support/sign-in.js';

let signIn: Promise<SignIn> | undefined;
let ready: SignIn | undefined;

export function getSignIn(): Promise<SignIn> {
  signIn ??= createSignIn({ issuer: process.env.OKTA_ISSUER!, clientId: process.env.OKTA_CLIENT_ID!, clientSecret: process.env.OKTA_CLIENT_SECRET!, baseUrl: process.env.APP_BASE_URL ?? 'http://localhost:3000' }).then((s) => (ready = s));
  return signIn;
}

/** Whether the request's user is signed in (for a replayed callback: home instead of a restart). */
export const isSignedIn = (request: Request): boolean => ready?.user(request.headers.get('cookie')) !== undefined;

/** A 303 with the sign-in's cookies, as a route handler returns it. */
export function seeOther({ location, cookies }: { location: string; cookies: string[] }): Response {
  const headers = new Headers({ location });
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}
