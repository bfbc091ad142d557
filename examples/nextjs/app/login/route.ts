/** Next.js App Router: `app/login/route.ts`, forwarding a re-prompt's `prompt` (and nothing else) to the provider. */
import { promptFrom } from 'okta-error-handler/fetch';
import { getSignIn, seeOther } from '../../sign-in.js';

export async function GET(request: Request): Promise<Response> {
  const signIn = await getSignIn();
  return seeOther(await signIn.start(promptFrom(request)));
}
