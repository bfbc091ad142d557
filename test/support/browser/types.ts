/** The types of the test browser: pages, hops, navigations, forms. */


export type FetchSite = 'none' | 'same-origin' | 'same-site' | 'cross-site';

/** One HTTP request/response the browser made. */
export interface Hop {
  method: string;
  url: string;
  status: number;
  /** Absolute redirect target, when the response had a `Location` header. */
  location?: string;
  /** The urlencoded form fields sent with a POST (e.g. a form_post callback). */
  form?: Record<string, string>;
  /** Names of the cookies sent with the request. */
  cookiesSent: string[];
  /** The `Sec-Fetch-Site` value that was sent. */
  site: FetchSite;
}

export interface Page {
  url: string;
  method: string;
  status: number;
  headers: Headers;
  body: string;
  /** Absolute `Location` of a redirect response. */
  location?: string;
  /**
   * Every request since the last address-bar navigation (`get`/`post`/`navigate`),
   * in order, including redirects, auto-submitted form_post pages and forms
   * submitted with `submitForm`/`submit`. The last entry is this page.
   */
  chain: Hop[];
  /** Navigation context (initiator + redirect URL list), used for SameSite and Sec-Fetch-Site. */
  navigation: Navigation;
}

export interface Navigation {
  /** URL of the document that started this navigation; undefined = typed into the address bar. */
  initiator?: string;
  /** URLs requested in this navigation so far (redirects included). */
  urls: string[];
  /** Whether a user gesture started it (adds `Sec-Fetch-User: ?1`). */
  userActivated: boolean;
}

export interface RequestOptions {
  /** Extra/overriding request headers; `null` removes a default header. */
  headers?: Record<string, string | null>;
  /** URL of the page that initiated the navigation (default: none, i.e. typed URL). */
  initiator?: string;
}

export interface FollowOptions {
  /** Max redirects + auto-submitted forms to follow (default: browser option, 20). */
  max?: number;
  /** Auto-submit JavaScript auto-post pages such as form_post responses (default true). */
  autoSubmit?: boolean;
}

export interface BrowserOptions {
  /** Headers added to (or, with `null`, removed from) every request. */
  headers?: Record<string, string | null>;
  maxRedirects?: number;
  autoSubmit?: boolean;
}

export interface FormSelector {
  /** Match the form's action: exact absolute URL, its pathname, a suffix, or a RegExp on the absolute URL. */
  action?: string | RegExp;
  /** Click this button (matched on its text, `name` or `value`); also selects its form. */
  button?: string | RegExp;
  /** Form `id` attribute. */
  id?: string;
  /** Index among the forms matching the other criteria (default 0). */
  index?: number;
}

export interface FormControl {
  name: string;
  value: string;
  type: string;
}

export interface FormButton {
  name?: string;
  value: string;
  type: string;
  text: string;
}

export interface ParsedForm {
  /** Absolute action URL (the page URL when the form has no action). */
  action: string;
  method: 'GET' | 'POST';
  id?: string;
  /** Values a submission sends by default (inputs, checked boxes, selects, textareas; no buttons). */
  fields: Record<string, string>;
  controls: FormControl[];
  buttons: FormButton[];
  html: string;
}
