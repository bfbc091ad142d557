/**
 * Error classes. Few, one per kind of failure, each with a literal `code` (`OEH_*`).
 * @module
 */

/** Code of {@link InvalidOptionError}. */
export const OEH_INVALID_OPTION = 'OEH_INVALID_OPTION';
/** Code of {@link CallbackError}. */
export const OEH_CALLBACK_ERROR = 'OEH_CALLBACK_ERROR';

/**
 * Thrown by a factory (`oktaErrorHandler(...)`) when an option is wrong, so mistakes surface when the
 * app starts rather than on a user's request. The message names the option, shows the value and says
 * what was expected.
 */
export class InvalidOptionError extends TypeError {
  readonly code = OEH_INVALID_OPTION;
  /** Dotted path of the option, such as `limits.retries`. */
  readonly option: string;
  constructor(option: string, message: string) {
    super(`okta-error-handler: option "${option}" ${message}`);
    this.name = 'InvalidOptionError';
    this.option = option;
  }
}

/**
 * An error response handled at the callback, as carried in `onError` events and passed to Koa's
 * `app.emit('error')`. `cause` holds the parsed parameters; `expose` is false because the provider's
 * text is attacker-controllable.
 */
export class CallbackError extends Error {
  readonly code = OEH_CALLBACK_ERROR;
  /** The OAuth error code, or `invalid_state` / `issuer_mismatch` / `malformed_callback`. */
  readonly error: string;
  readonly status: number;
  readonly expose = false;
  constructor(error: string, status: number, options?: { cause?: unknown }) {
    super(`Authorization response error: ${error}`, options);
    this.name = 'CallbackError';
    this.error = error;
    this.status = status;
  }
}
