/**
 * Whether the request's user is already signed in, as the sign-in libraries say it (duck typed, none
 * imported), or as the app's `isSignedIn` says.
 * @module
 */
import { isObject } from '../objects.js';
import { describeThrown } from '../text/redact.js';

/** What the libraries leave on the request (Express `req`) or context (Koa `ctx`). */
function librariesSay(req: unknown): boolean {
  if (!isObject(req)) return false;
  // express-openid-connect: req.oidc.isAuthenticated().
  const oidc = req.oidc;
  if (isObject(oidc) && typeof oidc.isAuthenticated === 'function' && (oidc.isAuthenticated as () => unknown).call(oidc) === true) return true;
  // passport (passport-openidconnect, @okta/oidc-middleware behind its router), koa-passport: isAuthenticated().
  if (typeof req.isAuthenticated === 'function' && (req.isAuthenticated as () => unknown).call(req) === true) return true;
  // passport's session, before passport.session() ran for this request (@okta/oidc-middleware's router).
  const session = req.session;
  if (isObject(session) && isObject(session.passport) && session.passport.user !== undefined && session.passport.user !== null) return true;
  // Koa: ctx.state.user (koa-passport and most Koa sign-in middleware).
  const state = req.state;
  return isObject(state) && state.user !== undefined && state.user !== null && 'app' in req;
}

/** The app's hook when it has one, else the libraries' word; a throwing hook says no. */
export function isSignedIn<Req>(req: Req, hook: ((req: Req) => boolean) | undefined): { yes: boolean; hookError?: string } {
  try {
    return { yes: hook ? hook(req) === true : librariesSay(req) };
  } catch (err) {
    return { yes: false, hookError: hook ? `isSignedIn threw: ${describeThrown(err, 200)}` : undefined };
  }
}
