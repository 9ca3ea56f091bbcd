import type { DemoDirectory } from './seed';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The host app's page: a pretend SaaS dashboard with the support widget for a signed-in customer. */
export function appPage(directory: DemoDirectory, customerId: string, lang: string): string {
  const customer =
    directory.customers.find((candidate) => candidate.id === customerId) ?? directory.customers[0];
  const options = directory.customers
    .map(
      (candidate) =>
        `<option value="${escapeHtml(candidate.id)}"${candidate.id === customer?.id ? ' selected' : ''}>${escapeHtml(candidate.name)}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Cloud: dashboard</title>
<style>
  /* The host's own styles, deliberately opinionated: none of them reach the widget. */
  :root { color-scheme: light dark; }
  body { margin: 0; font: 16px/1.6 Georgia, serif; background: #fbfaf7; color: #222; }
  header { display: flex; gap: 16px; align-items: center; padding: 12px 24px; background: #222; color: #fff; }
  header a { color: #ffd479; }
  main { max-width: 760px; margin: 24px auto; padding: 0 24px; }
  button { background: #b3261e; color: #fff; border: 3px solid #000; border-radius: 0; font: bold 18px Georgia, serif; text-transform: uppercase; }
  .card { background: #fff; border: 1px solid #ddd; padding: 16px; margin-block: 16px; }
  @media (prefers-color-scheme: dark) { body { background: #0f1115; color: #ddd; } .card { background: #181b21; border-color: #333; } }
</style>
</head>
<body>
<header>
  <strong>Acme Cloud</strong>
  <form method="get" action="/">
    <label>Signed in as <select name="customer" onchange="this.form.submit()">${options}</select></label>
    <input type="hidden" name="lang" value="${escapeHtml(lang)}">
  </form>
  <a href="/?lang=${lang === 'ja' ? 'en' : 'ja'}">${lang === 'ja' ? 'English' : '日本語'}</a>
  <a href="/console">Agent console</a>
</header>
<main>
  <h1>Welcome back, ${escapeHtml(customer?.name ?? '')}</h1>
  <div class="card"><p>This is the host product. The support widget in the corner is <code>&lt;SupportWidget /&gt;</code>,
  talking to this server's <code>/api/support</code> with a widget token minted for the signed-in customer.</p>
  <button type="button">A host button</button></div>
</main>
<div id="support"></div>
<script type="module" src="/assets/app.js"></script>
</body>
</html>`;
}

/** The agent console page (sign-in as one of the seeded agents). */
export function consolePage(directory: DemoDirectory, agentId: string | null): string {
  const options = directory.agents
    .map(
      (agent) =>
        `<option value="${escapeHtml(agent.id)}"${agent.id === agentId ? ' selected' : ''}>${escapeHtml(agent.name)} (${escapeHtml(agent.level)})</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agent console</title>
<style>
  :root { color-scheme: light dark; font: 14px/1.5 system-ui, sans-serif; }
  body { margin: 0; }
  header { display: flex; gap: 16px; align-items: center; padding: 8px 16px; border-bottom: 1px solid #8884; }
  .layout { display: grid; grid-template-columns: minmax(420px, 1fr) minmax(360px, 1fr); min-height: calc(100vh - 50px); }
  .queue, .detail { padding: 12px 16px; overflow: auto; }
  .detail { border-inline-start: 1px solid #8884; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: start; padding: 6px 8px; border-bottom: 1px solid #8883; vertical-align: top; }
  tr[aria-selected="true"] { background: #4a7cff22; }
  .thread { list-style: none; padding: 0; display: flex; flex-direction: column; gap: 8px; }
  .thread li { padding: 8px 10px; border-radius: 8px; background: #8881; white-space: pre-wrap; }
  .thread li.internal { background: #ffd47933; border: 1px dashed #c90; }
  .meta { color: #888; font-size: 12px; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-block: 8px; }
  textarea { width: 100%; min-height: 80px; }
</style>
</head>
<body>
<header>
  <strong>Agent console</strong>
  <form method="post" action="/console/sign-in">
    <label>Agent <select name="agent" onchange="this.form.submit()"><option value="">Sign in as…</option>${options}</select></label>
    <noscript><button>Sign in</button></noscript>
  </form>
  <a href="/">Customer app</a>
</header>
<div id="console"></div>
<script type="module" src="/assets/console.js"></script>
</body>
</html>`;
}
