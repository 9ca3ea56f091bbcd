'use client';
import {
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { createPortal } from 'react-dom';
import { I18nProvider, useI18n } from '../i18n/i18n';
import type { WidgetMessages } from '../i18n/messages';
import { useCredits, useUnreadCount } from '../react/hooks';
import { CreditBalance } from './credit-balance';
import { DeskStatusNotice } from './desk-status-notice';
import { NewTicketForm } from './new-ticket-form';
import { widgetStyles } from './styles';
import { TicketList } from './ticket-list';
import { TicketView } from './ticket-view';

/** Theme variables of the widget; each becomes a `--tk-*` custom property. */
export interface WidgetThemeVariables {
  accent?: string;
  onAccent?: string;
  bg?: string;
  text?: string;
  muted?: string;
  border?: string;
  surface?: string;
  danger?: string;
  radius?: string;
  font?: string;
  fontSize?: string;
  zIndex?: string;
}

/** How the widget looks. */
export interface WidgetAppearance {
  /** `auto` (default) follows the host's color scheme (`prefers-color-scheme`); or force one. */
  theme?: 'auto' | 'light' | 'dark';
  /** Overrides of the `--tk-*` variables (the host may also set them on any ancestor). */
  variables?: WidgetThemeVariables;
  /** Corner of the launcher and panel. Default `bottom-right` (mirrored in RTL). */
  position?: 'bottom-right' | 'bottom-left';
}

/** Props of {@link SupportWidget}. */
export interface SupportWidgetProps {
  /** Controlled open state of the panel (launcher mode). */
  open?: boolean;
  /** Initial open state when uncontrolled. Default false: nothing opens or takes focus on page load. */
  defaultOpen?: boolean;
  /** Called when the user opens or closes the panel. */
  onOpenChange?: (open: boolean) => void;
  /** Renders the panel in place (no launcher, always open), e.g. on a help page. */
  inline?: boolean;
  appearance?: WidgetAppearance;
  /** BCP 47 locale for texts, dates and plurals. Default: the document's language, else `en`. */
  locale?: string;
  /** Text overrides, or a whole translation for a locale without a built-in one. */
  messages?: Partial<WidgetMessages>;
  /** Text direction; derived from the locale when left out. */
  dir?: 'ltr' | 'rtl';
  /**
   * `shadow` (default) renders inside a shadow root, so host CSS and widget CSS never meet;
   * `none` renders in the page with every rule scoped under `.tk-root`.
   */
  isolation?: 'shadow' | 'none';
}

type View = { name: 'list' } | { name: 'new' } | { name: 'ticket'; ticketId: string } | { name: 'credits' };

const VARIABLE_NAMES: Record<keyof WidgetThemeVariables, string> = {
  accent: '--tk-accent',
  onAccent: '--tk-on-accent',
  bg: '--tk-bg',
  text: '--tk-text',
  muted: '--tk-muted',
  border: '--tk-border',
  surface: '--tk-surface',
  danger: '--tk-danger',
  radius: '--tk-radius',
  font: '--tk-font',
  fontSize: '--tk-font-size',
  zIndex: '--tk-z-index',
};

/**
 * The support widget: a launcher button and a panel (the WAI-ARIA dialog pattern: labelled
 * with a stable name,
 * focus moves in when it opens and back to the launcher when it closes, Escape closes), or an
 * inline panel. Inside: desk status, the customer's requests, a new-request form, threads with
 * replies and rating, and credits. Must be inside a {@link SupportProvider}. Safe to render on
 * the server: the shadow root and everything interactive appear after mount.
 */
export function SupportWidget(props: SupportWidgetProps) {
  const [locale, setLocale] = useState(props.locale ?? 'en');
  useEffect(() => {
    if (props.locale === undefined) setLocale(document.documentElement.lang || navigator.language || 'en');
    else setLocale(props.locale);
  }, [props.locale]);
  return (
    <I18nProvider locale={locale} messages={props.messages} dir={props.dir}>
      <Isolated isolation={props.isolation ?? 'shadow'}>
        <WidgetFrame {...props} />
      </Isolated>
    </I18nProvider>
  );
}

/** Renders children into a shadow root of a host element (after mount), or in place. */
function Isolated(props: { isolation: 'shadow' | 'none'; children: ReactNode }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [shadowRoot, setShadowRoot] = useState<ShadowRoot | null>(null);
  useEffect(() => {
    if (props.isolation !== 'shadow' || hostRef.current === null) return;
    setShadowRoot(hostRef.current.shadowRoot ?? hostRef.current.attachShadow({ mode: 'open' }));
  }, [props.isolation]);
  if (props.isolation === 'none') {
    return (
      <>
        <style>{widgetStyles}</style>
        {props.children}
      </>
    );
  }
  return (
    <div ref={hostRef} data-ticketkit-widget="">
      {shadowRoot === null
        ? null
        : createPortal(
            <>
              <style>{widgetStyles}</style>
              {props.children}
            </>,
            shadowRoot,
          )}
    </div>
  );
}

function WidgetFrame(props: SupportWidgetProps) {
  const i18n = useI18n();
  const inline = props.inline ?? false;
  const [uncontrolledOpen, setUncontrolledOpen] = useState(props.defaultOpen ?? false);
  const open = inline || (props.open ?? uncontrolledOpen);
  const [view, setView] = useState<View>({ name: 'list' });
  const titleId = useId();
  const launcherRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const openedByUser = useRef(false);
  const unread = useUnreadCount();
  const credits = useCredits();

  const setOpen = useCallback(
    (next: boolean) => {
      openedByUser.current = true;
      if (props.open === undefined) setUncontrolledOpen(next);
      props.onOpenChange?.(next);
    },
    [props.open, props.onOpenChange],
  );

  // Focus moves into the panel only when the user opened it (never on page load), and back to
  // the launcher when the user closed it.
  useEffect(() => {
    if (inline || !openedByUser.current) return;
    if (open) headingRef.current?.focus();
    else launcherRef.current?.focus();
  }, [open, inline]);
  useEffect(() => {
    if (openedByUser.current || view.name !== 'list') headingRef.current?.focus();
  }, [view]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && !inline) {
      event.stopPropagation();
      setOpen(false);
    }
  };

  const style: Record<string, string> = {};
  for (const [key, value] of Object.entries(props.appearance?.variables ?? {})) {
    if (value !== undefined) style[VARIABLE_NAMES[key as keyof WidgetThemeVariables]] = value;
  }

  const title =
    view.name === 'new'
      ? i18n.t('newRequest')
      : view.name === 'credits'
        ? i18n.t('credits')
        : i18n.t('title');

  const panel = (
    <>
      <div className="tk-header">
        {view.name === 'list' ? null : (
          <button
            type="button"
            className="tk-icon-button"
            aria-label={i18n.t('back')}
            onClick={() => setView({ name: 'list' })}
          >
            <span aria-hidden="true">{i18n.dir === 'rtl' ? '→' : '←'}</span>
          </button>
        )}
        <h2 id={titleId} ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        {inline ? null : (
          <button
            type="button"
            className="tk-icon-button"
            aria-label={i18n.t('close')}
            onClick={() => setOpen(false)}
          >
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>
      <div className="tk-body">
        <DeskStatusNotice />
        {view.name === 'list' ? (
          <>
            <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
              <button type="button" className="tk-button" onClick={() => setView({ name: 'new' })}>
                {i18n.t('newRequest')}
              </button>
              {credits.enabled ? (
                <button
                  type="button"
                  className="tk-button"
                  data-variant="secondary"
                  onClick={() => setView({ name: 'credits' })}
                >
                  {i18n.t('credits')}
                </button>
              ) : null}
            </div>
            <h3>{i18n.t('myRequests')}</h3>
            <TicketList onOpen={(ticketId) => setView({ name: 'ticket', ticketId })} />
          </>
        ) : null}
        {view.name === 'new' ? (
          <NewTicketForm onCreated={(detail) => setView({ name: 'ticket', ticketId: detail.ticket.id })} />
        ) : null}
        {view.name === 'ticket' ? (
          <TicketView
            ticketId={view.ticketId}
            onNavigate={(ticketId) => setView({ name: 'ticket', ticketId })}
          />
        ) : null}
        {view.name === 'credits' ? <CreditBalance /> : null}
      </div>
    </>
  );

  return (
    <div
      className="tk-root"
      data-theme={props.appearance?.theme ?? 'auto'}
      data-position={props.appearance?.position ?? 'bottom-right'}
      data-inline={inline ? '' : undefined}
      dir={i18n.dir}
      lang={i18n.locale}
      style={style as CSSProperties}
    >
      {inline ? null : (
        <button
          ref={launcherRef}
          type="button"
          className="tk-launcher"
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-label={
            unread > 0 ? `${i18n.t('launcher')} (${i18n.t('unread', { count: unread })})` : i18n.t('launcher')
          }
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">?</span>
          <span aria-hidden="true">{i18n.t('title')}</span>
          {unread > 0 ? (
            <span className="tk-badge" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          ) : null}
        </button>
      )}
      {!open ? null : inline ? (
        <section className="tk-panel" aria-label={i18n.t('title')}>
          {panel}
        </section>
      ) : (
        <div className="tk-panel" role="dialog" aria-label={i18n.t('title')} onKeyDown={onKeyDown}>
          {panel}
        </div>
      )}
    </div>
  );
}
