/**
 * The `messages` and `locales` options: wording overrides per code, in English and per language.
 * @module
 */
import { PAGE_STRINGS, type LocaleMessages, type PageMessage } from '../../catalog/messages.js';
import { assertOption, checkRecord, isRecord, rejectUnknownKeys } from './checks.js';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

function checkMessages(value: unknown, option: string): Record<string, Partial<PageMessage>> {
  return checkRecord<Partial<PageMessage>>(value, option, (v, path) => {
    assertOption(isRecord(v), path, v, 'an object with "title", "message" and/or "action" strings');
    rejectUnknownKeys(v as object, ['title', 'message', 'action'], `${path}.`);
    for (const [k, s] of Object.entries(v as object)) assertOption(typeof s === 'string', `${path}.${k}`, s, 'a string');
  });
}

/** English overrides, and every other language's, keyed by lower-case tag. */
export interface ResolvedWording {
  readonly messages: Readonly<Record<string, Partial<PageMessage>>>;
  readonly locales: Readonly<Record<string, LocaleMessages>>;
}

/**
 * Checks `messages` and `locales`. `messages` may also be keyed by language
 * (`{ fr: { access_denied: {…} } }`): no OAuth code looks like a language tag, so the two readings
 * cannot collide. `en` entries are English overrides.
 */
export function resolveWording(messagesOption: unknown, localesOption: unknown): ResolvedWording {
  const byLanguage: Record<string, unknown> = {};
  let plainMessages = messagesOption;
  if (isRecord(messagesOption)) {
    plainMessages = {};
    for (const [key, value] of Object.entries(messagesOption)) {
      if (LANGUAGE_TAG.test(key)) byLanguage[key.toLowerCase()] = value;
      else (plainMessages as Record<string, unknown>)[key] = value;
    }
  }
  const messages = { ...checkMessages(plainMessages, 'messages'), ...checkMessages(byLanguage.en, 'messages.en') };
  delete byLanguage.en;
  const locales: Record<string, LocaleMessages> = {};
  for (const [tag, m] of Object.entries(byLanguage)) locales[tag] = Object.freeze({ messages: checkMessages(m, `messages.${tag}`) });
  if (localesOption !== undefined) {
    assertOption(isRecord(localesOption), 'locales', localesOption, 'an object keyed by language tag, such as { fr: { messages, page } }');
    for (const [tag, locale] of Object.entries(localesOption as object)) {
      const path = `locales.${tag}`;
      assertOption(LANGUAGE_TAG.test(tag), path, tag, 'keyed by a BCP 47 language tag such as "fr" or "pt-BR"');
      assertOption(isRecord(locale), path, locale, 'an object with "messages" and/or "page"');
      rejectUnknownKeys(locale as object, ['messages', 'page'], `${path}.`);
      const { messages: m, page } = locale as { messages?: unknown; page?: unknown };
      if (page !== undefined) {
        assertOption(isRecord(page), `${path}.page`, page, 'an object of page strings');
        rejectUnknownKeys(page as object, Object.keys(PAGE_STRINGS), `${path}.page.`);
        for (const [k, s] of Object.entries(page as object)) assertOption(typeof s === 'string', `${path}.page.${k}`, s, 'a string');
      }
      const merged = { ...locales[tag.toLowerCase()]?.messages, ...checkMessages(m, `${path}.messages`) };
      locales[tag.toLowerCase()] = Object.freeze({ messages: merged, page: page as LocaleMessages['page'] });
    }
  }
  return { messages: Object.freeze(messages), locales: Object.freeze(locales) };
}
