/**
 * A tiny scriptable "browser" for end-to-end tests: a cookie jar, manual
 * redirect following with a recorded chain, navigation headers, HTML form
 * parsing/submission, and auto-submission of `response_mode=form_post` pages
 * (as a browser with JavaScript would).
 *
 * Transport note: requests are sent with `node:http`/`node:https`, not the
 * global `fetch`. Node's fetch (undici) always overwrites `Sec-Fetch-Mode` with
 * the request mode (`cors`) and a Request can never have mode `navigate`, so a
 * fetch-based client cannot look like a browser navigation to middleware that
 * inspects `Sec-Fetch-Mode`/`Sec-Fetch-Dest`.
 *
 * Usage:
 *   const b = new TestBrowser();
 *   const page = await b.navigate(`${rp}/login`);          // GET + follow redirects
 *   const done = await b.submit(page, { button: 'Sign in' }); // submit a form + follow
 *   done.chain  // every request since the address-bar navigation, with statuses
 */
export * from './types.js';
export * from './html.js';
export * from './cookies.js';
export * from './site.js';
export * from './browser.js';
export * from './chain.js';
