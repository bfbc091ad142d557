/**
 * `system-log`: the last hour of the org's System Log. Two bounded, paged queries: failures
 * (`outcome.result eq "FAILURE"`) and the rate-limit event types whatever their outcome. Summarised
 * by event type and reason, most frequent first; warns on rate-limit violations and on `app.oauth2.*`
 * errors of this client.
 * @module
 */
import { field, parseJson, type HttpResponse } from '../http.js';
import { oktaFailure, requestIdOf } from '../okta.js';
import { needsApiToken, type CheckContext, type CheckDefinition, type Finding } from '../context.js';

/** Events per page asked for (Okta's maximum for /api/v1/logs is 1000). */
const PAGE_LIMIT = 1000;
/** Pages read per query, at most. */
const MAX_PAGES = 5;
/** Event types of rate limiting (Okta's "System Log events for rate limits"). */
export const RATE_LIMIT_EVENT_TYPES = Object.freeze([
  'system.org.rate_limit.warning',
  'system.org.rate_limit.violation',
  'system.org.rate_limit.burst',
  'system.operation.rate_limit.warning',
  'system.operation.rate_limit.violation',
  'system.operation.rate_limit.notification',
  'system.client.rate_limit.warning',
  'system.client.rate_limit.violation',
  'system.client.rate_limit.notification',
  'system.client.concurrency_rate_limit.warning',
  'system.client.concurrency_rate_limit.violation',
  'system.client.concurrency_rate_limit.notification',
  'core.concurrency.org.limit.violation',
]);
const isViolation = (type: string) => /(rate_limit|concurrency).*violation$/.test(type);

interface LogEvent {
  readonly uuid?: string;
  readonly eventType: string;
  readonly result?: string;
  readonly reason?: string;
  readonly raw: unknown;
}

/** The `next` link of a `Link` header. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(match[2]!)) return match[1];
  }
  return undefined;
}

type Query = { events: LogEvent[]; truncated: boolean; requestId?: string } | { failed: HttpResponse };

/** One filter, paged through `Link: rel="next"` on the same origin and path only (the token goes nowhere else). */
async function query(ctx: CheckContext, filter: string, since: string, until: string): Promise<Query> {
  const { org } = ctx.options;
  const first = new URL(`${org}/api/v1/logs`);
  first.search = new URLSearchParams({ since, until, filter, limit: String(PAGE_LIMIT) }).toString();
  const events: LogEvent[] = [];
  let url: string | undefined = first.href;
  let pages = 0;
  let requestId: string | undefined;
  while (url && pages < MAX_PAGES) {
    const res = await ctx.api(url.slice(org.length), { maxBytes: 8 * 1024 * 1024 });
    if (res.status !== 200) return { failed: res };
    pages++;
    requestId ??= requestIdOf(res);
    const body = parseJson(res.text);
    if (!Array.isArray(body) || body.length === 0) return { events, truncated: false, requestId };
    for (const raw of body) {
      const eventType = field(raw, 'eventType');
      if (typeof eventType !== 'string') continue;
      const outcome = field(raw, 'outcome');
      const uuid = field(raw, 'uuid');
      const result = field(outcome, 'result');
      const reason = field(outcome, 'reason');
      events.push({
        uuid: typeof uuid === 'string' ? uuid : undefined,
        eventType,
        result: typeof result === 'string' ? result : undefined,
        reason: typeof reason === 'string' && reason !== '' ? reason : undefined,
        raw,
      });
    }
    const next = nextLink(res.headers.get('link'));
    let nextUrl: URL | undefined;
    try {
      nextUrl = next ? new URL(next, res.url) : undefined;
    } catch {
      nextUrl = undefined;
    }
    url = nextUrl && nextUrl.origin === org && nextUrl.pathname === '/api/v1/logs' && nextUrl.href !== res.url ? nextUrl.href : undefined;
  }
  return { events, truncated: url !== undefined, requestId };
}

/** Whether an event names the client: as its OAuth client (`client.id`), actor (client credentials), a target, or in its debug data. */
function concernsClient(raw: unknown, clientId: string): boolean {
  const ids = (value: unknown) => [field(value, 'id'), field(value, 'alternateId')];
  if (field(field(raw, 'client'), 'id') === clientId) return true;
  if (ids(field(raw, 'actor')).includes(clientId)) return true;
  const targets = field(raw, 'target');
  if (Array.isArray(targets) && targets.some((t) => ids(t).includes(clientId))) return true;
  const debug = field(field(raw, 'debugContext'), 'debugData');
  return field(debug, 'clientId') === clientId || field(debug, 'client_id') === clientId;
}

/** "12× user.session.start (INVALID_CREDENTIALS), 3× …", most frequent first. */
function summarize(events: readonly LogEvent[], clean: (text: string, max: number) => string, top = 5): string {
  const counts = new Map<string, number>();
  for (const e of events) {
    const key = `${clean(e.eventType, 80)}${e.reason ? ` (${clean(e.reason, 80)})` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return sorted.slice(0, top).map(([key, n]) => `${n}× ${key}`).join(', ') + (sorted.length > top ? `, and ${sorted.length - top} more kinds` : '');
}

export const systemLog: CheckDefinition = {
  id: 'system-log',
  title: 'System Log, last hour',
  skip: (o) => needsApiToken(o),
  async run(ctx): Promise<Finding> {
    const { clientId, scrub } = ctx.options;
    const until = new Date();
    const since = new Date(until.getTime() - 3600_000);
    const typeFilter = RATE_LIMIT_EVENT_TYPES.map((type) => `eventType eq "${type}"`).join(' or ');
    const [failures, limits] = await Promise.all([
      query(ctx, 'outcome.result eq "FAILURE"', since.toISOString(), until.toISOString()),
      query(ctx, typeFilter, since.toISOString(), until.toISOString()),
    ]);
    if ('failed' in failures) {
      const res = failures.failed;
      const failure = oktaFailure(res);
      const code = failure.code.startsWith('http_') ? undefined : failure.code;
      const forbidden = res.status === 403;
      return {
        status: forbidden || res.status === 429 ? 'warn' : 'fail',
        detail: `GET /api/v1/logs answered ${res.status}${code ? ` ${code}` : ''}${failure.summary ? `: "${scrub.clean(failure.summary, 200)}"` : ''}.`,
        code,
        requestId: failure.requestId,
        fix: forbidden
          ? 'Reading the System Log needs an admin role with report access (Read-Only Administrator or higher) for the SSWS token\'s creator, or okta.logs.read for an OAuth client.'
          : failure.hint,
      };
    }

    // The two queries overlap (a failed rate-limit event is in both): count each event once.
    const seen = new Set<string>();
    const all: LogEvent[] = [];
    for (const e of [...failures.events, ...('failed' in limits ? [] : limits.events)]) {
      if (e.uuid !== undefined) {
        if (seen.has(e.uuid)) continue;
        seen.add(e.uuid);
      }
      all.push(e);
    }
    const failed = all.filter((e) => e.result === 'FAILURE');
    const violations = all.filter((e) => isViolation(e.eventType));
    const clientErrors = clientId
      ? all.filter((e) => e.eventType.startsWith('app.oauth2.') && (e.result === 'FAILURE' || /error/.test(e.eventType)) && concernsClient(e.raw, clientId))
      : [];
    const truncated = failures.truncated || (!('failed' in limits) && limits.truncated);
    const bound = truncated ? ` (only the first ${MAX_PAGES} pages were read)` : '';
    const limitsNote = 'failed' in limits ? ` Rate-limit events could not be queried (${limits.failed.status}).` : '';
    const clientNote = clientId ? '' : ' Pass --client-id to flag this app\'s OAuth errors.';
    const requestId = failures.requestId;
    const clean = (text: string, max: number) => scrub.clean(text, max);

    const parts: string[] = [];
    if (violations.length) parts.push(`${violations.length} rate-limit violation(s): ${summarize(violations, clean, 3)}`);
    if (clientErrors.length) parts.push(`${clientErrors.length} OAuth error(s) for client ${clean(clientId!, 100)}: ${summarize(clientErrors, clean, 3)}`);
    const overview = failed.length
      ? `${failed.length} failure(s) in the last hour${bound}: ${summarize(failed, clean)}.`
      : `No failures in the last hour${bound}.`;
    if (parts.length) {
      return {
        status: 'warn',
        detail: `${parts.join('; ')}. ${overview}${limitsNote}`,
        requestId,
        fix: [
          violations.length ? 'Rate limits: back off on 429 until X-Rate-Limit-Reset, spread bulk work, and check Reports > Rate Limits.' : '',
          clientErrors.length ? 'OAuth errors: open these events in Reports > System Log (filter by the client id) for the reason and fix the app\'s settings or policy.' : '',
        ]
          .filter(Boolean)
          .join(' '),
      };
    }
    return { status: 'pass', detail: `${overview}${limitsNote}${clientNote}`, requestId };
  },
};

