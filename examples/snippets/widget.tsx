// The React code of docs/server-and-widget.md; `examples/test/docs.test.ts` runs it (on the
// server, where the widget renders only its placeholder) and checks every `// ->` line.

// #region widget
import { SupportProvider, SupportWidget } from '@ticketkit/react-widget';
import { renderToString } from 'react-dom/server';

async function getToken({ expired }: { expired: boolean }) {
  // Ask your backend for a token (it calls createWidgetToken); fetch a new one when it expired.
  const response = await fetch('/session/widget-token', {
    method: 'POST',
    cache: expired ? 'reload' : 'default',
  });
  return ((await response.json()) as { token: string }).token;
}

export function App() {
  return (
    <SupportProvider baseUrl="/api/support" getToken={getToken}>
      <SupportWidget
        appearance={{ theme: 'auto', variables: { accent: '#0f766e', radius: '8px' } }}
        locale="ja"
      />
    </SupportProvider>
  );
}
// #endregion

console.log(renderToString(<App />));
// -> <div data-ticketkit-widget=""></div>
