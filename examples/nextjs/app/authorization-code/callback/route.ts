/**
 * Next.js App Router: `app/authorization-code/callback/route.ts`. okta-error-handler/fetch answers error
 * responses (Cancel, prompt=none, a forged or stale link) before the sign-in code runs; a failed code
 * exchange (a replay, a second tab) is answered by the upstream handler.
 */
import { oktaApiErrorHandler, oktaErrorHandler } from 'okta-error-handler/fetch';
import { stateMatches } from '../../../../support/sign-in.js';
import { getSignIn, isSignedIn, seeOther } from '../../../sign-in.js';

const options = {
  issuer: process.env.OKTA_ISSUER,
  loginPath: '/login',
  development: process.env.NODE_ENV === 'development',
  onError: (event: unknown) => console.warn(JSON.stringify(event)),
  isSignedIn,
};
const intercept = oktaErrorHandler({ ...options, verifyState: (request, state) => stateMatches(request.headers.get('cookie'), state) });
const respond = oktaApiErrorHandler(options);

export async function GET(request: Request): Promise<Response> {
  const answered = await intercept(request);
  if (answered) return answered;
  try {
    const signIn = await getSignIn();
    return seeOther(await signIn.finish(request.url, request.headers.get('cookie')));
  } catch (err) {
    const response = await respond(err, request);
    if (response) return response;
    throw err;
  }
}

export const POST = GET; // response_mode=form_post
