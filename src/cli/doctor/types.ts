/**
 * The report `runDoctor` resolves to and `--json` prints: its shape is the public contract.
 * @module
 */

/** Every check, in report order. The ids are fixed: scripts select them with `--only`. */
export const CHECK_IDS = Object.freeze([
  'discovery',
  'jwks',
  'redirect-uri',
  'client-auth',
  'api-token',
  'rate-limit',
  'system-log',
  'introspect',
  'user',
  'clock',
  'latency',
] as const);

/** One of {@link CHECK_IDS}. */
export type CheckId = (typeof CHECK_IDS)[number];

/** `skip`: an input the check needs was not given (its `detail` names it). */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One check's result. Every string is free of the secrets given to the doctor. */
export interface DoctorCheck {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** What the check looks at, the same on every run. */
  readonly title: string;
  /** What it found, in one sentence or a few. */
  readonly detail: string;
  /** The Okta `E…` code or OAuth `error` the verdict rests on, when there is one (`timeout` for a timed-out check). */
  readonly code?: string;
  /** Okta's `X-Okta-Request-Id` of the response the verdict rests on, for a support ticket. */
  readonly requestId?: string;
  /** What to change, for a warning or a failure. */
  readonly fix?: string;
  /** Wall time of the check, in milliseconds. */
  readonly durationMs: number;
}

export interface DoctorSummary {
  readonly pass: number;
  readonly warn: number;
  readonly fail: number;
  readonly skip: number;
}

/** What `okta-error-handler doctor --json` prints and `runDoctor()` resolves to. */
export interface DoctorReport {
  readonly version: 1;
  /** The issuer exactly as given. */
  readonly issuer: string;
  /** The checks that ran or were skipped, in {@link CHECK_IDS} order. */
  readonly checks: readonly DoctorCheck[];
  readonly summary: DoctorSummary;
}

/** Options of `runDoctor()`: the command-line flags in camelCase. */
export interface DoctorOptions {
  /** The issuer the app is configured with, e.g. `https://example.okta.com/oauth2/default`. Required. */
  readonly issuer: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** A sign-in redirect URI of the app. */
  readonly redirectUri?: string;
  /** An Okta API token, sent as `Authorization: SSWS …`. */
  readonly token?: string;
  /** An OAuth 2.0 access token to introspect. */
  readonly oauthToken?: string;
  /** A user id or login. */
  readonly user?: string;
  /** Seconds each check may take. Default 10. */
  readonly timeout?: number;
  /** Run only these checks: ids or a comma-separated list. Default: all. */
  readonly only?: string | readonly string[];
  /** Called with each check as it finishes (in finishing order). */
  readonly onCheck?: (check: DoctorCheck) => void;
}
