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
}

/**
 * Checks the response; `undefined` when it may be acted on. A continuation (`oeh_continue`) comes from
 * this library's own redirect, after these checks passed: it carries no state, only names of this
 * library's vocabularies, and acting on it only starts a sign-in.
 * @group Pipeline
 */
export async function verify<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>): Promise<Rejection | undefined> {
  const { parsed } = request;
  if (!parsed.ok) return { code: CALLBACK_CODE.malformed_callback, reason: parsed.reason, ...(parsed.parameter !== undefined && { parameter: parsed.parameter }) };
  if (parsed.params.continued !== undefined) return undefined;
  const { state, iss } = parsed.params;
  if (state === undefined || state === '') return { code: CALLBACK_CODE.invalid_state, reason: 'state_missing' };
  if (options.verifyState) {
    const verifyState = options.verifyState;
    try {
      const verdict = await within(options.verifyStateTimeoutMs, () => verifyState(request.req, state));
      if (verdict === TIMED_OUT) {
        return { code: CALLBACK_CODE.invalid_state, reason: 'verify_state_timeout', hookError: `verifyState did not settle within ${options.verifyStateTimeoutMs} ms` };
      }
      if (verdict !== true) return { code: CALLBACK_CODE.invalid_state, reason: 'state_rejected' };
    } catch (err) {
      return { code: CALLBACK_CODE.invalid_state, reason: 'verify_state_failed', hookError: describeThrown(err) };
    }
  }
  if (options.issuers) {
    if (iss === undefined) {
      if (options.requireIss) return { code: CALLBACK_CODE.issuer_mismatch, reason: 'iss_missing' };
    } else if (!options.issuers.has(iss)) {
      return { code: CALLBACK_CODE.issuer_mismatch, reason: 'iss_mismatch' };
    }
  }
  return undefined;
}
