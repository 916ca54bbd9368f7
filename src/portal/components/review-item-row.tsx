// One grant under review: who, which role, from where, who reviews it, and the keep or revoke decision.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { AccessReviewItem } from '../../sdk/access-review-types.ts';
import { ErrorNote } from './async-view.tsx';
import { StatusBadge } from './status-badge.tsx';
import { TimeText } from './time-text.tsx';
import { useAction } from './use-action.ts';

const OUTCOME: Record<string, string> = { kept: 'Kept', revoked: 'Revoked', idp_change_needed: 'Revoke: change needed in the identity provider' };

export function ReviewItemRow(props: { path: string; item: AccessReviewItem; reviewingAs: string; open: boolean; nameOf: (reviewer: string) => string; onDecided: () => void }) {
  const { item, reviewingAs } = props;
  const reasonId = useId();
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const decide = (decision: 'keep' | 'revoke') =>
    run(async () => {
      await api.post(`${props.path}/items/${item.id}/decision`, { decision, reviewer: reviewingAs, ...(decision === 'revoke' ? { reason: reason.trim() } : {}) });
      setRevoking(false);
      props.onDecided();
    });
  const submitRevoke = (e: FormEvent) => {
    e.preventDefault();
    void decide('revoke');
  };
  // A keep may still become a revoke; a revoke is final.
  const canDecide = props.open && item.decision !== 'revoke';
  const who = `${item.user.userName}, ${item.role.name}`;
  return (
    <tr>
      <td>{item.user.userName}</td>
      <td>
        {item.role.name} <div className="muted small mono">{item.role.key}</div>
      </td>
      <td className="small">{item.source === 'rule' ? `Group${item.groupName ? ` "${item.groupName}"` : ''} in the identity provider` : 'Granted in the application'}</td>
      <td className="small">{props.nameOf(item.reviewer)}</td>
      <td className="small">
        {item.decision ? (
          <>
            <StatusBadge value={item.decision === 'keep' ? 'succeeded' : 'failed'} label={OUTCOME[item.outcome ?? ''] ?? item.decision} />
            <div>
              by {props.nameOf(item.decidedBy ?? '')} <TimeText iso={item.decidedAt} />
            </div>
            {item.reason && <div className="muted">“{item.reason}”</div>}
            {item.task && <div className="note note-warn">To do: {item.task}</div>}
          </>
        ) : (
          <span className="muted">Not decided</span>
        )}
      </td>
      <td>
        {canDecide && !revoking && (
          <div className="row">
            {item.decision !== 'keep' && (
              <button type="button" className="button" disabled={busy || !reviewingAs} onClick={() => void decide('keep')} aria-label={`Keep: ${who}`}>
                Keep
              </button>
            )}
            <button type="button" className="button button-danger" disabled={busy || !reviewingAs} onClick={() => setRevoking(true)} aria-label={`Revoke: ${who}`}>
              Revoke…
            </button>
          </div>
        )}
        {revoking && (
          <form className="stack" onSubmit={submitRevoke} aria-label={`Revoke ${who}`}>
            <label htmlFor={reasonId}>Why revoke? (auditors read it)</label>
            <textarea id={reasonId} className="input" required maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
            <div className="row">
              <button type="submit" className="button button-danger" disabled={busy || !reason.trim()}>
                {busy ? 'Revoking…' : 'Revoke'}
              </button>
              <button type="button" className="button button-quiet" onClick={() => setRevoking(false)}>
                Cancel
              </button>
            </div>
          </form>
        )}
        {error && <ErrorNote error={error} />}
      </td>
    </tr>
  );
}
