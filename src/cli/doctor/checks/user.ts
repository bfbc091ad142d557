/**
 * `user`: a user's lifecycle status with the exact remediation, and whether the user is assigned to
 * this client's app (directly or through a group): not being assigned is what makes the callback get
 * `access_denied` "User is not assigned to the client application."
 * @module
 */
import { field, jsonObject, parseJson } from '../http.js';
import { CALLBACK_CODE } from '../../../catalog/codes.js';
import { oktaFailure, requestIdOf } from '../okta.js';
import { needsApiToken, type CheckContext, type CheckDefinition, type Finding } from '../context.js';

interface LifecycleRow {
  readonly status: 'pass' | 'warn' | 'fail';
  readonly meaning: string;
  /** `{id}` is replaced by the user's id. */
  readonly fix?: string;
}

/** Okta user statuses: what each means for signing in, and the remediation. */
export const LIFECYCLE: Readonly<Record<string, LifecycleRow>> = Object.freeze({
  ACTIVE: { status: 'pass', meaning: 'can sign in' },
  LOCKED_OUT: {
    status: 'fail',
    meaning: 'too many failed sign-ins locked the account (E0000069; primary authentication fails with E0000004)',
    fix: 'Unlock the user: Directory > People > (user) > Unlock, or POST /api/v1/users/{id}/lifecycle/unlock.',
  },
  PASSWORD_EXPIRED: {
    status: 'warn',
    meaning: 'the password has expired: Okta asks for a new one at the next sign-in, and flows that cannot show that step fail (E0000064)',
    fix: 'Let the user change the password at the next Okta sign-in, or reset it: Directory > People > (user) > Reset Password, or POST /api/v1/users/{id}/lifecycle/reset_password?sendEmail=true.',
  },
  SUSPENDED: {
    status: 'fail',
    meaning: 'an administrator suspended the account, so the user cannot sign in',
    fix: 'Unsuspend the user: Directory > People > (user) > More Actions > Unsuspend, or POST /api/v1/users/{id}/lifecycle/unsuspend.',
  },
  DEPROVISIONED: {
    status: 'fail',
    meaning: 'the account is deactivated, so the user cannot sign in',
    fix: 'Reactivate the user: Directory > People > (user) > Activate, or POST /api/v1/users/{id}/lifecycle/activate?sendEmail=true.',
  },
  STAGED: {
    status: 'fail',
    meaning: 'created but never activated, so the user cannot sign in',
    fix: 'Activate the user: Directory > People > (user) > Activate, or POST /api/v1/users/{id}/lifecycle/activate?sendEmail=true.',
  },
  PROVISIONED: {
    status: 'fail',
    meaning: 'activated by an administrator, but the user has not finished activation (no password yet)',
    fix: 'Have the user follow the activation email, or resend it: POST /api/v1/users/{id}/lifecycle/reactivate?sendEmail=true.',
  },
  RECOVERY: {
    status: 'warn',
    meaning: 'in password recovery: the user must finish the reset link before the old password works again',
    fix: 'Have the user complete the password reset, or send a new link: POST /api/v1/users/{id}/lifecycle/reset_password?sendEmail=true.',
  },
});

const UNKNOWN_STATUS: LifecycleRow = { status: 'warn', meaning: 'a status this tool does not know' };
const RANK = { pass: 0, warn: 1, fail: 2 } as const;

type Assignment = { assigned: boolean; how?: string; requestId?: string } | { unknown: string };

/** Apps assigned to the user whose OAuth client id is `clientId` (for apps whose client id is not their app id). */
async function assignedByClientId(ctx: CheckContext, userId: string, clientId: string): Promise<boolean | undefined> {
  const filter = `user.id eq "${userId}"`;
  let path: string | undefined = `/api/v1/apps?${new URLSearchParams({ filter, limit: '200' })}`;
  for (let page = 0; path && page < 5; page++) {
    const res = await ctx.api(path, { maxBytes: 4 * 1024 * 1024 });
    if (res.status !== 200) return undefined;
    const apps = parseJson(res.text);
    if (!Array.isArray(apps)) return undefined;
    if (apps.some((app) => field(field(field(app, 'credentials'), 'oauthClient'), 'client_id') === clientId || field(app, 'id') === clientId)) return true;
    const next = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(res.headers.get('link') ?? '')?.[1];
    let url: URL | undefined;
    try {
      url = next ? new URL(next, res.url) : undefined;
    } catch {
      url = undefined;
    }
    path = url && url.origin === ctx.options.org && url.pathname === '/api/v1/apps' ? `${url.pathname}${url.search}` : undefined;
  }
  return false;
}

/** The user's app links (every app assigned to the user): whether one is the app whose id is `clientId`. */
async function assignedByAppLinks(ctx: CheckContext, userId: string, clientId: string): Promise<boolean | undefined> {
  const res = await ctx.api(`/api/v1/users/${encodeURIComponent(userId)}/appLinks`, { maxBytes: 4 * 1024 * 1024 });
  const links = res.status === 200 ? parseJson(res.text) : undefined;
  return Array.isArray(links) ? links.some((link) => field(link, 'appInstanceId') === clientId) : undefined;
}

async function assignment(ctx: CheckContext, userId: string, clientId: string): Promise<Assignment> {
  // An OIDC app's id is its client id unless a custom client_id was set when it was created.
  const res = await ctx.api(`/api/v1/apps/${encodeURIComponent(clientId)}/users/${encodeURIComponent(userId)}`);
  const requestId = requestIdOf(res);
  if (res.status === 200) {
    const scope = field(jsonObject(res), 'scope');
    return { assigned: true, how: scope === 'GROUP' ? 'through a group' : scope === 'USER' ? 'directly' : undefined, requestId };
  }
  if (res.status === 404) {
    // Not assigned, or the app's id is not the client id: look the other ways an assignment shows.
    const byClientId = await assignedByClientId(ctx, userId, clientId);
    if (byClientId !== undefined) return { assigned: byClientId, how: byClientId ? 'by client id' : undefined, requestId };
    const byLinks = await assignedByAppLinks(ctx, userId, clientId);
    return { assigned: byLinks === true, how: byLinks ? 'by its app links' : undefined, requestId };
  }
  const failure = oktaFailure(res);
  return { unknown: `the assignment could not be read (${res.status}${failure.code.startsWith('http_') ? '' : ` ${failure.code}`})` };
}

export const user: CheckDefinition = {
  id: 'user',
  title: 'User status and app assignment',
  skip: (o) => needsApiToken(o, ['user']),
  async run(ctx): Promise<Finding> {
    const { options } = ctx;
    const { scrub } = options;
    const wanted = options.user!;
    const shown = scrub.clean(wanted, 120);
    const res = await ctx.api(`/api/v1/users/${encodeURIComponent(wanted)}`);
    const requestId = requestIdOf(res);
    if (res.status !== 200) {
      const failure = oktaFailure(res);
      const code = failure.code.startsWith('http_') ? undefined : failure.code;
      if (res.status === 404) {
        return { status: 'fail', detail: `No user with the id or login ${shown} (404${code ? ` ${code}` : ''}).`, code, requestId, fix: 'Give the user\'s id (00u…) or exact login (usually the email address).' };
      }
      return {
        status: res.status === 403 || res.status === 429 ? 'warn' : 'fail',
        detail: `GET /api/v1/users/… answered ${res.status}${code ? ` ${code}` : ''}${failure.summary ? `: "${scrub.clean(failure.summary, 200)}"` : ''}.`,
        code,
        requestId,
        fix: failure.hint,
      };
    }
    const body = jsonObject(res);
    const id = field(body, 'id');
    const status = field(body, 'status');
    const login = field(field(body, 'profile'), 'login');
    const name = typeof login === 'string' ? scrub.clean(login, 120) : shown;
    const statusText = typeof status === 'string' ? scrub.clean(status, 40) : 'unknown';
    const row = typeof status === 'string' && Object.hasOwn(LIFECYCLE, status) ? LIFECYCLE[status]! : UNKNOWN_STATUS;
    const userId = typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : undefined;
    const fixes: string[] = [];
    if (row.fix) fixes.push(row.fix.replaceAll('{id}', userId ?? '{userId}'));
    let verdict: 'pass' | 'warn' | 'fail' = row.status;
    let detail = `${name} is ${statusText}: ${row.meaning}.`;
    let code: string | undefined;

    if (!options.clientId) {
      detail += ' App assignment not checked: pass --client-id (OKTA_CLIENT_ID).';
    } else if (!userId) {
      detail += ' App assignment not checked: the user has no readable id.';
      verdict = verdict === 'pass' ? 'warn' : verdict;
    } else {
      const client = scrub.clean(options.clientId, 100);
      const found = await assignment(ctx, userId, options.clientId);
      if ('unknown' in found) {
        detail += ` Assignment to client ${client}: ${found.unknown}.`;
        verdict = RANK[verdict] < RANK.warn ? 'warn' : verdict;
      } else if (found.assigned) {
        detail += ` Assigned to client ${client}'s app${found.how ? ` ${found.how}` : ''}.`;
      } else {
        detail += ` Not assigned to client ${client}'s app: signing in ends at the callback with access_denied "User is not assigned to the client application."`;
        verdict = 'fail';
        code = CALLBACK_CODE.access_denied;
        fixes.push('Assign the user (or a group the user is in): Applications > Applications > (your app) > Assignments > Assign.');
      }
    }
    return { status: verdict, detail, code, requestId, fix: fixes.length ? fixes.join(' ') : undefined };
  },
};
