/**
 * Error classes. Few, one per kind of failure, each with a literal `code` (`OEH_*`).
 * @module
 */

/**
 * Code of {@link InvalidOptionError}.
 * @group Errors and events
 */
export const OEH_INVALID_OPTION = 'OEH_INVALID_OPTION';

/**
 * Thrown by a factory (`oktaErrorHandler(...)`) when an option is wrong, so mistakes surface when the
 * app starts rather than on a user's request. The message names the option, shows the value and says
 * what was expected.
 * @group Errors and events
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
