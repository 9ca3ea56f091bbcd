'use client';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { createSupportClient, type SupportClient, type SupportClientOptions } from '../client/support-client';

const SupportContext = createContext<SupportClient | null>(null);

/** Props of {@link SupportProvider}: a client, or the options to create one. */
export type SupportProviderProps = ({ client: SupportClient } | SupportClientOptions) & {
  children: ReactNode;
};

/**
 * Makes a support client available to the hooks and components below. Pass your own
 * `client`, or `baseUrl` (and `getToken`) to have one created once. The client starts
 * (loads config and tickets, opens the live stream) after mount, never during render or SSR.
 */
export function SupportProvider(props: SupportProviderProps) {
  const [client] = useState<SupportClient>(() =>
    'client' in props ? props.client : createSupportClient(withoutChildren(props)),
  );
  useEffect(() => client.start(), [client]);
  return <SupportContext.Provider value={client}>{props.children}</SupportContext.Provider>;
}

function withoutChildren(props: SupportClientOptions & { children: ReactNode }): SupportClientOptions {
  const { children: _children, ...options } = props;
  return options;
}

/** The client of the nearest {@link SupportProvider}; throws outside one. */
export function useSupportClient(): SupportClient {
  const client = useContext(SupportContext);
  if (client === null) throw new Error('Wrap the support widget and hooks in <SupportProvider>');
  return client;
}
