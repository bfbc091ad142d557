/**
 * RFC 9457 problem details, the body every JSON client of this library receives.
 * @module
 */

/** Media type of problem details. */
export const PROBLEM_JSON = 'application/problem+json';

/**
 * A problem details object with this library's extension members.
 * @group Rendering
 */
export interface ProblemDetails {
  /** A URI naming the kind of problem: `urn:okta-error-handler:<code>`. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** This occurrence: `urn:uuid:<reference>`, the id the user can quote to support. */
  readonly instance: string;
  /** The OAuth error code or Okta E-code. */
  readonly code: string;
  readonly [extension: string]: unknown;
}

/**
 * Builds a problem details object; `extra` members that are `undefined` are left out.
 * @group Rendering
 */
export function problemDetails(
  fields: { code: string; title: string; status: number; detail: string; reference: string },
  extra?: Record<string, unknown>,
): ProblemDetails {
  const problem: Record<string, unknown> = {
    type: `urn:okta-error-handler:${fields.code}`,
    title: fields.title,
    status: fields.status,
    detail: fields.detail,
    instance: `urn:uuid:${fields.reference}`,
    code: fields.code,
  };
  if (extra) for (const [k, v] of Object.entries(extra)) if (v !== undefined) problem[k] = v;
  return problem as ProblemDetails;
}
