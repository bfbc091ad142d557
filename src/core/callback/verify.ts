/**
 * Verification of an authorization response, before anything in it is trusted: `state`, then `iss`, in
 * the order RFC 9207 and RFC 9700 require. The only asynchronous step of the callback pipeline (the app's
 * `verifyState`, bounded by `verifyStateTimeoutMs`).
 * @module
 */
import { CALLBACK_CODE } from '../../catalog/codes.js';
import type { KnownCallbackCode } from '../../catalog/oauth.js';
import type { CallbackErrorEvent } from '../events.js';
import type { ResolvedOptions } from '../options/index.js';
import { describeThrown } from '../text/redact.js';
import { TIMED_OUT, within } from '../timeout.js';
import type { CallbackRequest } from './request.js';

/**
 * Why a response was refused before its `error` was looked at.
 * @group Pipeline
 */
export interface Rejection {
  readonly code: KnownCallbackCode;
  readonly reason: NonNullable<CallbackErrorEvent['reason']>;
  readonly parameter?: string;
  readonly hookError?: string;
  readonly library?: string;
}

/**
 * A response that may be acted on; `pass` when the app's `verifyState` asked to leave it to the app's route.
 * @group Pipeline
 */
export interface Accepted {
  readonly pass?: true;
  readonly library?: string;
}

/**
 * The verdict: a refusal, or an acceptance.
 * @group Pipeline
 */
export type Verified = { readonly rejection: Rejection } | { readonly accepted: Accepted };

/** An acceptance with nothing to add: a continuation, or a failure recognised after the library verified state. */
export const ACCEPTED: Verified = Object.freeze({ accepted: Object.freeze({}) });

/** `verifyState`'s answer read strictly: only `true` or `{ ok: true }` accept. */
function readVerdict(verdict: unknown): { ok: boolean; pass?: boolean; reason?: Rejection['reason']; library?: string } {
  if (verdict === true) return { ok: true };
  if (typeof verdict !== 'object' || verdict === null) return { ok: false };
  const { ok, action, reason, library } = verdict as Record<string, unknown>;
  const named = typeof library === 'string' && /^[@a-z0-9/_.-]{1,64}$/.test(library) ? library : undefined;
  if (ok === true) return { ok: true, pass: action === 'pass', ...(named && { library: named }) };
  return { ok: false, reason: reason === 'transaction_missing' || reason === 'state_mismatch' ? reason : undefined, ...(named && { library: named }) };
}

/**
 * Checks the response: a refusal, or an acceptance (possibly `pass`). A continuation (`oeh_continue`) comes from
 * this library's own redirect, after these checks passed: it carries no state, only names of this
 * library's vocabularies, and acting on it only starts a sign-in.
 * @group Pipeline
 */
export async function verify<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>): Promise<Verified> {
  const refuse = (rejection: Rejection): Verified => ({ rejection });
  const { parsed } = request;
  if (!parsed.ok) return refuse({ code: CALLBACK_CODE.malformed_callback, reason: parsed.reason, ...(parsed.parameter !== undefined && { parameter: parsed.parameter }) });
  if (parsed.params.continued !== undefined) return ACCEPTED;
  const { iss, error } = parsed.params;
  const state = parsed.params.state === '' ? undefined : parsed.params.state;
  // Without state there is nothing to tie the response to a sign-in, unless the app says how (PKCE only).
  if (state === undefined && options.requireState) return refuse({ code: CALLBACK_CODE.invalid_state, reason: 'state_missing' });
  let accepted: Accepted = {};
  // The library a verdict named, on every answer after it.
  let named: Pick<Accepted, 'library'> = {};
  if (options.verifyState) {
    const verifyState = options.verifyState.bind(options);
    try {
      const answer = await within(options.verifyStateTimeoutMs, () => verifyState(request.req, state, { error }));
      if (answer === TIMED_OUT) {
        return refuse({ code: CALLBACK_CODE.invalid_state, reason: 'verify_state_timeout', hookError: `verifyState did not settle within ${options.verifyStateTimeoutMs} ms` });
      }
      const verdict = readVerdict(answer);
      named = verdict.library === undefined ? {} : { library: verdict.library };
      if (!verdict.ok) return refuse({ code: CALLBACK_CODE.invalid_state, reason: verdict.reason ?? (state === undefined ? 'state_missing' : 'state_rejected'), ...named });
      accepted = { ...named, ...(verdict.pass && { pass: true as const }) };
    } catch (err) {
      return refuse({ code: CALLBACK_CODE.invalid_state, reason: 'verify_state_failed', hookError: describeThrown(err) });
    }
  }
  if (options.issuers) {
    if (iss === undefined) {
      if (options.requireIss) return refuse({ code: CALLBACK_CODE.issuer_mismatch, reason: 'iss_missing', ...named });
    } else if (!options.issuers.has(iss)) {
      return refuse({ code: CALLBACK_CODE.issuer_mismatch, reason: 'iss_mismatch', ...named });
    }
  }
  return { accepted };
}
