/**
 * The command's usage and help text.
 * @module
 */
import { CHECK_IDS } from './doctor/types.js';

export const USAGE = `Usage: npx okta-error-handler doctor [--issuer URL] [--client-id ID] [--client-secret S] [--redirect-uri URL]
                                    [--token SSWS_TOKEN] [--oauth-token TOKEN] [--user ID_OR_LOGIN]
                                    [--json] [--timeout SECONDS] [--only ID,ID] [--no-color]`;

export const HELP = `${USAGE}

Checks an Okta integration from this machine and reports what would break sign-in or API calls,
one line per check. Exit status: 0 nothing warns or fails (skips are fine), 1 a warning, 2 a
failure, 64 a usage error.

Options (a flag beats its environment variable):
  --issuer URL            OKTA_ISSUER          the issuer the app uses (required), e.g.
                                               https://example.okta.com/oauth2/default
  --client-id ID          OKTA_CLIENT_ID       the app's client id
  --client-secret S       OKTA_CLIENT_SECRET   the app's client secret
  --redirect-uri URL      OKTA_REDIRECT_URI    a sign-in redirect URI of the app
  --token SSWS_TOKEN      OKTA_API_TOKEN       an Okta API token (sent as Authorization: SSWS)
  --oauth-token TOKEN     OKTA_OAUTH_TOKEN     an OAuth 2.0 access token to introspect
  --user ID_OR_LOGIN      OKTA_USER            a user whose status and app assignment to check
  --json                                       print one JSON document instead of text
  --timeout SECONDS                            time limit of each check (default 10)
  --only ID,ID                                 run only these checks
  --no-color                                   no colours (also when NO_COLOR is set or stdout
                                               is not a terminal)
  -h, --help                                   this help

Secrets: a flag's value is visible to other users of this machine in \`ps\` (and stays in your
shell history). Prefer the environment for the client secret and the tokens, e.g.
  OKTA_API_TOKEN=… OKTA_CLIENT_SECRET=… npx okta-error-handler doctor --issuer URL
No secret is ever printed, whatever Okta sends back.

Checks: ${CHECK_IDS.join(', ')}.
Only https issuers are accepted, and http for loopback hosts (127.0.0.1, ::1, localhost).`;
