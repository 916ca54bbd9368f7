// Loads a directory and frames its pages: title, provider, tabs.
import type { ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { Directory } from '../api/types.ts';
import { guideFor } from '../guides/idp-guides.ts';
import { AsyncView } from './async-view.tsx';
import { DirectoryTabs } from './directory-tabs.tsx';
import { PageHeader } from './layout.tsx';
import { useAsync } from './use-async.ts';

export function DirectoryFrame({ directoryId, back, children }: { directoryId: string; back: (d: Directory) => { to: string; label: string }; children: (d: Directory, reload: () => void) => ReactNode }) {
  const state = useAsync(() => api.get<Directory>(`/directories/${directoryId}`), [directoryId]);
  return (
    <AsyncView state={state}>
      {(d) => (
        <>
          <PageHeader title={d.name} subtitle={`${guideFor(d.provider).name} · SCIM 2.0`} back={back(d)} />
          <DirectoryTabs directoryId={d.id} />
          {children(d, state.reload)}
        </>
      )}
    </AsyncView>
  );
}
