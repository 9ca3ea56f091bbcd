import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { builtInMessages, en, type WidgetMessages } from './messages';

/** Formatting and translation for one locale. */
export interface WidgetI18n {
  locale: string;
  /** `ltr` or `rtl`, from the locale (or the `dir` given). */
  dir: 'ltr' | 'rtl';
  /** The message `key` with `{name}` placeholders filled in; `count` picks the plural form. */
  t(key: string, values?: Record<string, string | number>): string;
  /** A date and time in the locale, e.g. "6 Jan 2025, 09:00". */
  formatDateTime(iso: string): string;
  /** A date in the locale. */
  formatDate(iso: string): string;
  /** A duration in seconds, in the largest whole unit (minutes, hours or days). */
  formatDuration(seconds: number): string;
}

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps', 'ku', 'dv']);

/** Builds the i18n of a locale; `messages` overrides or adds texts (any locale through it). */
export function createI18n(
  locale: string,
  messages: Partial<WidgetMessages> = {},
  dir?: 'ltr' | 'rtl',
): WidgetI18n {
  const language = locale.toLowerCase().split('-')[0] as string;
  const base = builtInMessages[language as 'en' | 'ja'] ?? en;
  const table: Record<string, string> = { ...base, ...messages };
  const plurals = new Intl.PluralRules(locale);
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const number = new Intl.NumberFormat(locale);
  return {
    locale,
    dir: dir ?? (RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr'),
    t(key, values = {}) {
      let template = table[key];
      if (typeof values.count === 'number') {
        template = table[`${key}_${plurals.select(values.count)}`] ?? table[`${key}_other`] ?? template;
      }
      template ??= key;
      return template.replace(/\{(\w+)\}/g, (match, name: string) => {
        const value = values[name];
        if (value === undefined) return match;
        return typeof value === 'number' ? number.format(value) : value;
      });
    },
    formatDateTime: (iso) => dateTime.format(new Date(iso)),
    formatDate: (iso) => date.format(new Date(iso)),
    formatDuration(seconds) {
      const [unit, size] =
        seconds % 86_400 === 0 && seconds >= 86_400
          ? (['day', 86_400] as const)
          : seconds >= 3600
            ? (['hour', 3600] as const)
            : (['minute', 60] as const);
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit,
        unitDisplay: 'long',
        maximumFractionDigits: 1,
      }).format(seconds / size);
    },
  };
}

const I18nContext = createContext<WidgetI18n>(createI18n('en'));

/** Provides the widget's i18n to the default components below it. */
export function I18nProvider(props: {
  locale: string;
  messages?: Partial<WidgetMessages> | undefined;
  dir?: 'ltr' | 'rtl' | undefined;
  children: ReactNode;
}) {
  const { locale, messages, dir } = props;
  const value = useMemo(() => createI18n(locale, messages, dir), [locale, messages, dir]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

/** The i18n of the nearest {@link I18nProvider} (English by default). */
export function useI18n(): WidgetI18n {
  return useContext(I18nContext);
}
