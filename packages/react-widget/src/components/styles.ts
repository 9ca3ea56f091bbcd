/**
 * The widget's stylesheet. Every rule is under `.tk-root` (and inside a shadow root by
 * default), so nothing leaks out; the root resets inherited styles, so nothing leaks in.
 * Theme through `--tk-*` custom properties, which do cross the shadow boundary.
 * Layout uses logical properties only (`inset-inline-end`, `margin-inline-start`), so it
 * mirrors correctly in right-to-left languages.
 */
export const widgetStyles = `
:host{all:initial}
.tk-root{all:initial;display:block;box-sizing:border-box;font-family:var(--tk-font,system-ui,-apple-system,"Segoe UI",Roboto,"Hiragino Sans","Noto Sans JP",sans-serif);font-size:var(--tk-font-size,14px);line-height:1.5;color:var(--tk-fg);
--tk-accent-d:var(--tk-accent,#2f5bd3);--tk-bg-d:var(--tk-bg,#ffffff);--tk-fg:var(--tk-text,#1c2230);--tk-muted-d:var(--tk-muted,#5b6475);--tk-border-d:var(--tk-border,#d5d9e2);--tk-surface-d:var(--tk-surface,#f4f6fa);--tk-danger-d:var(--tk-danger,#b3261e);--tk-on-accent-d:var(--tk-on-accent,#ffffff);--tk-radius-d:var(--tk-radius,12px)}
.tk-root[data-theme=dark]{--tk-accent-d:var(--tk-accent,#8fb0ff);--tk-bg-d:var(--tk-bg,#161a22);--tk-fg:var(--tk-text,#e7eaf1);--tk-muted-d:var(--tk-muted,#a3abbb);--tk-border-d:var(--tk-border,#343b4a);--tk-surface-d:var(--tk-surface,#1f2430);--tk-danger-d:var(--tk-danger,#ffb4ab);--tk-on-accent-d:var(--tk-on-accent,#0b1330)}
@media (prefers-color-scheme:dark){.tk-root[data-theme=auto]{--tk-accent-d:var(--tk-accent,#8fb0ff);--tk-bg-d:var(--tk-bg,#161a22);--tk-fg:var(--tk-text,#e7eaf1);--tk-muted-d:var(--tk-muted,#a3abbb);--tk-border-d:var(--tk-border,#343b4a);--tk-surface-d:var(--tk-surface,#1f2430);--tk-danger-d:var(--tk-danger,#ffb4ab);--tk-on-accent-d:var(--tk-on-accent,#0b1330)}}
.tk-root *,.tk-root *::before,.tk-root *::after{box-sizing:border-box;font:inherit;color:inherit;margin:0}
.tk-launcher{position:fixed;inset-block-end:20px;inset-inline-end:20px;z-index:var(--tk-z-index,2147483000);display:inline-flex;align-items:center;gap:8px;border:0;border-radius:999px;padding:12px 18px;background:var(--tk-accent-d);color:var(--tk-on-accent-d);font-weight:600;cursor:pointer;box-shadow:0 6px 20px rgb(0 0 0/.25)}
.tk-root[data-position=bottom-left] .tk-launcher,.tk-root[data-position=bottom-left] .tk-panel{inset-inline-end:auto;inset-inline-start:20px}
.tk-badge{min-width:20px;padding:0 6px;border-radius:999px;background:var(--tk-bg-d);color:var(--tk-accent-d);font-size:12px;font-weight:700;text-align:center}
.tk-panel{position:fixed;inset-block-end:84px;inset-inline-end:20px;z-index:var(--tk-z-index,2147483000);width:min(380px,calc(100vw - 40px));height:min(600px,calc(100vh - 120px));display:flex;flex-direction:column;background:var(--tk-bg-d);color:var(--tk-fg);border:1px solid var(--tk-border-d);border-radius:var(--tk-radius-d);box-shadow:0 12px 40px rgb(0 0 0/.3);overflow:hidden}
.tk-root[data-inline] .tk-panel{position:relative;inset:auto;width:100%;height:100%;min-height:420px;box-shadow:none}
.tk-header{display:flex;align-items:center;gap:8px;padding:12px 16px;background:var(--tk-accent-d);color:var(--tk-on-accent-d)}
.tk-header h2{flex:1;font-size:16px;font-weight:700;outline:none}
.tk-icon-button{border:0;background:transparent;color:inherit;cursor:pointer;padding:4px 8px;border-radius:6px;font-size:18px;line-height:1}
.tk-body{flex:1;overflow-y:auto;padding:12px 16px;display:flex;flex-direction:column;gap:12px}
.tk-notice{padding:8px 12px;border-radius:8px;background:var(--tk-surface-d);border-inline-start:4px solid var(--tk-accent-d);font-size:13px}
.tk-notice[data-tone=warning]{border-inline-start-color:#c77700}
.tk-error{color:var(--tk-danger-d);font-size:13px}
.tk-list{list-style:none;padding:0;display:flex;flex-direction:column;gap:8px}
.tk-ticket{width:100%;text-align:start;display:flex;flex-direction:column;gap:2px;padding:10px 12px;border:1px solid var(--tk-border-d);border-radius:10px;background:var(--tk-surface-d);cursor:pointer}
.tk-ticket-top{display:flex;gap:8px;align-items:baseline}
.tk-ticket-subject{flex:1;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tk-meta{color:var(--tk-muted-d);font-size:12px}
.tk-status{font-size:12px;padding:1px 8px;border-radius:999px;border:1px solid var(--tk-border-d);white-space:nowrap}
.tk-status[data-status=resolved],.tk-status[data-status=closed]{opacity:.8}
.tk-status[data-status=pending]{border-color:var(--tk-accent-d);color:var(--tk-accent-d)}
.tk-unread{font-size:12px;font-weight:700;color:var(--tk-accent-d)}
.tk-button{border:0;border-radius:8px;padding:9px 14px;background:var(--tk-accent-d);color:var(--tk-on-accent-d);font-weight:600;cursor:pointer}
.tk-button[data-variant=secondary]{background:transparent;color:var(--tk-accent-d);border:1px solid var(--tk-border-d)}
.tk-button:disabled{opacity:.55;cursor:not-allowed}
.tk-form{display:flex;flex-direction:column;gap:10px}
.tk-field{display:flex;flex-direction:column;gap:4px}
.tk-field label,.tk-legend{font-weight:600;font-size:13px}
.tk-input{width:100%;padding:8px 10px;border:1px solid var(--tk-border-d);border-radius:8px;background:var(--tk-bg-d);color:var(--tk-fg)}
textarea.tk-input{min-height:88px;resize:vertical}
.tk-input[aria-invalid=true]{border-color:var(--tk-danger-d)}
.tk-thread{list-style:none;padding:0;display:flex;flex-direction:column;gap:8px}
.tk-message{max-width:85%;padding:8px 12px;border-radius:12px;background:var(--tk-surface-d);white-space:pre-wrap;overflow-wrap:anywhere}
.tk-message[data-author=me]{align-self:flex-end;background:var(--tk-accent-d);color:var(--tk-on-accent-d)}
.tk-message[data-author=me] .tk-meta{color:inherit;opacity:.85}
.tk-composer{display:flex;flex-direction:column;gap:8px;padding:12px 16px;border-block-start:1px solid var(--tk-border-d)}
.tk-scale{display:flex;flex-wrap:wrap;gap:6px;border:0;padding:0}
.tk-scale button{min-width:40px;padding:8px;border:1px solid var(--tk-border-d);border-radius:8px;background:var(--tk-bg-d);cursor:pointer}
.tk-scale button[aria-pressed=true]{background:var(--tk-accent-d);color:var(--tk-on-accent-d);border-color:var(--tk-accent-d)}
.tk-card{padding:12px;border:1px solid var(--tk-border-d);border-radius:10px;display:flex;flex-direction:column;gap:8px}
.tk-sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.tk-root :focus-visible{outline:3px solid var(--tk-accent-d);outline-offset:2px}
.tk-header :focus-visible{outline-color:var(--tk-on-accent-d)}
@media (prefers-reduced-motion:no-preference){.tk-panel{animation:tk-in .15s ease-out}@keyframes tk-in{from{opacity:0;transform:translateY(8px)}}}
`;
