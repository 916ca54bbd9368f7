// The frame of every signed-in page: brand, who is signed in, the main navigation, sign out.
import type { ReactNode } from 'react';
import { useViewer } from '../api/viewer.tsx';
import { Link, useLocation } from '../router.tsx';
import { TimeText } from './time-text.tsx';

function NavLink({ to, children }: { to: string; children: ReactNode }) {
  const { path } = useLocation();
  const current = to === '/' ? path === '/' : path.startsWith(to);
  return (
    <Link to={to} className="nav-link" aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { viewer, signOut } = useViewer();
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">R</span> Admin Portal
        </Link>
        <nav className="nav" aria-label="Main">
          {viewer.kind === 'developer' ? (
            <>
              <NavLink to="/">Organizations</NavLink>
              <NavLink to="/webhooks">Webhooks</NavLink>
              <NavLink to="/events">Events</NavLink>
            </>
          ) : (
            <>
              <NavLink to="/">Directories</NavLink>
              <NavLink to="/roles">Roles</NavLink>
              <NavLink to="/seats">Seats</NavLink>
              <NavLink to="/access-reviews">Access reviews</NavLink>
              <NavLink to="/offboardings">Leavers</NavLink>
            </>
          )}
        </nav>
        <div className="whoami">
          <span className="muted">{viewer.kind === 'portal' ? viewer.session.organization.name : viewer.kind === 'developer' ? 'App developer' : ''}</span>
          {viewer.kind === 'portal' && (
            <span className="muted small session-end">
              session ends <TimeText iso={viewer.session.expiresAt} />
            </span>
          )}
          <button type="button" className="button button-quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function PageHeader({ title, subtitle, actions, back }: { title: string; subtitle?: ReactNode; actions?: ReactNode; back?: { to: string; label: string } }) {
  return (
    <div className="page-header">
      {back && (
        <Link to={back.to} className="back">
          ← {back.label}
        </Link>
      )}
      <div className="page-header-row">
        <div>
          <h1>{title}</h1>
          {subtitle && <p className="subtitle">{subtitle}</p>}
        </div>
        {actions && <div className="actions">{actions}</div>}
      </div>
    </div>
  );
}
