// Live connection state of a directory: polls it every few seconds, so "waiting for Okta" turns "connected" without a reload.
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Directory } from '../api/types.ts';
import { guideFor } from '../guides/idp-guides.ts';
import { TimeText } from './time-text.tsx';

const POLL_MS = 3000;

export function ConnectionState({ directory }: { directory: Directory }) {
  const [current, setCurrent] = useState(directory);
  useEffect(() => {
    let stopped = false;
    const timer = window.setInterval(() => {
      api.get<Directory>(`/directories/${directory.id}`).then(
        (d) => {
          if (!stopped) setCurrent(d);
        },
        () => undefined,
      );
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [directory.id]);
  const idp = guideFor(current.provider).name;
  const connected = current.state !== 'pending';
  return (
    <div className={`connection ${connected ? 'connection-ok' : 'connection-wait'}`} role="status" aria-live="polite" data-testid="connection-state">
      <span className="dot" aria-hidden="true" />
      {connected ? (
        <div>
          <strong>Connected</strong> — {idp} is sending requests. Last request <TimeText iso={current.lastRequestAt} fallback="just now" />.
          {current.lastErrorAt && (
            <p className="connection-error">
              Last failure <TimeText iso={current.lastErrorAt} />: {current.lastErrorMessage}
            </p>
          )}
        </div>
      ) : (
        <div>
          <strong>Waiting for the first request from {idp}…</strong> This updates by itself once {idp} connects.
        </div>
      )}
    </div>
  );
}
