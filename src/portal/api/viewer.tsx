// Who is using the portal: the customer's IT admin (a session opened by a link), the app developer (an admin key), or nobody yet.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, storeAdminKey, storedAdminKey } from './client.ts';
import type { PortalSession } from './types.ts';

export type Viewer = { kind: 'loading' } | { kind: 'none'; reason?: string } | { kind: 'portal'; session: PortalSession } | { kind: 'developer' };

interface ViewerContext {
  viewer: Viewer;
  signInWithKey: (key: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const Context = createContext<ViewerContext | null>(null);

async function resolve(): Promise<Viewer> {
  if (storedAdminKey()) return { kind: 'developer' };
  try {
    return { kind: 'portal', session: await api.get<PortalSession>('/portal/session') };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return { kind: 'none', ...(error.status === 401 && error.message.includes('expired') ? { reason: error.message } : {}) };
    throw error;
  }
}

export function ViewerProvider({ children }: { children: ReactNode }) {
  const [viewer, setViewer] = useState<Viewer>({ kind: 'loading' });
  useEffect(() => {
    resolve().then(setViewer, () => setViewer({ kind: 'none', reason: 'Roster could not be reached.' }));
  }, []);
  const signInWithKey = useCallback(async (key: string) => {
    storeAdminKey(key);
    try {
      // A key bound to no organization lists organizations; anything else cannot run the developer view.
      await api.get('/organizations', { limit: 1 });
      setViewer({ kind: 'developer' });
    } catch (error) {
      storeAdminKey(null);
      throw error;
    }
  }, []);
  const signOut = useCallback(async () => {
    if (storedAdminKey()) storeAdminKey(null);
    else await api.delete('/portal/session').catch(() => undefined);
    setViewer({ kind: 'none' });
  }, []);
  return <Context.Provider value={{ viewer, signInWithKey, signOut }}>{children}</Context.Provider>;
}

export function useViewer(): ViewerContext {
  const ctx = useContext(Context);
  if (!ctx) throw new Error('useViewer outside ViewerProvider');
  return ctx;
}
