// The portal's pages by path, for whoever is signed in: the customer's IT admin (portal session) or the app developer (admin key).
import type { ReactNode } from 'react';
import type { Directory } from './api/types.ts';
import { useViewer } from './api/viewer.tsx';
import { Spinner } from './components/async-view.tsx';
import { DirectoryFrame } from './components/directory-frame.tsx';
import { EmptyState } from './components/empty-state.tsx';
import { Layout } from './components/layout.tsx';
import { AccessReviewPage } from './pages/access-review-page.tsx';
import { AccessReviewsPage } from './pages/access-reviews-page.tsx';
import { AccessPage } from './pages/access-page.tsx';
import { ChooseIdpPage } from './pages/choose-idp-page.tsx';
import { EventsPage } from './pages/events-page.tsx';
import { GroupsPage } from './pages/groups-page.tsx';
import { ImportPage } from './pages/import-page.tsx';
import { LinkProblemPage } from './pages/link-problem-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { MappingPage } from './pages/mapping-page.tsx';
import { OffboardingsPage } from './pages/offboardings-page.tsx';
import { OrganizationPage } from './pages/organization-page.tsx';
import { OrganizationsPage } from './pages/organizations-page.tsx';
import { PortalHomePage } from './pages/portal-home-page.tsx';
import { SeatsPage } from './pages/seats-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { SetupGuidePage } from './pages/setup-guide-page.tsx';
import { SyncLogPage } from './pages/sync-log-page.tsx';
import { UserPage } from './pages/user-page.tsx';
import { UsersPage } from './pages/users-page.tsx';
import { WebhookPage } from './pages/webhook-page.tsx';
import { WebhooksPage } from './pages/webhooks-page.tsx';
import { Link, match, useLocation } from './router.tsx';

function NotFound() {
  return (
    <EmptyState title="This page does not exist">
      <Link to="/">Go to the start page</Link>
    </EmptyState>
  );
}

/** The pages of one directory, shared by both views; `back` says where its title's back link goes. */
function directoryPage(path: string, back: (d: Directory) => { to: string; label: string }): ReactNode | undefined {
  const user = match('/directories/:id/users/:userId', path);
  if (user) return <DirectoryFrame directoryId={user.id ?? ''} back={back}>{(d) => <UserPage directory={d} userId={user.userId ?? ''} />}</DirectoryFrame>;
  const section = match('/directories/:id/:section', path) ?? match('/directories/:id', path);
  if (!section) return undefined;
  const id = section.id ?? '';
  const render = (d: Directory, reload: () => void): ReactNode => {
    switch (section.section ?? 'setup') {
      case 'setup':
        return <SetupGuidePage directory={d} />;
      case 'users':
        return <UsersPage directory={d} />;
      case 'groups':
        return <GroupsPage directory={d} />;
      case 'sync-log':
        return <SyncLogPage directory={d} />;
      case 'settings':
        return <SettingsPage directory={d} onSaved={reload} />;
      case 'import':
        return <ImportPage directory={d} />;
      case 'mapping':
        return <MappingPage directory={d} />;
      default:
        return <NotFound />;
    }
  };
  return <DirectoryFrame key={id} directoryId={id} back={back}>{render}</DirectoryFrame>;
}

/**
 * An organization's leavers and access reviews, under `prefix` (empty for the IT admin, whose session
 * is one organization; `/organizations/:id` for the developer). Only the developer, the app, ticks
 * leaver tasks: they are the app's work (docs/portal.md).
 */
function organizationPage(rest: string, prefix: string, organizationId: string, developer: boolean): ReactNode | undefined {
  const back = developer ? { to: prefix, label: 'Organization' } : undefined;
  if (rest === '/offboardings') return <OffboardingsPage organizationId={organizationId} canMark={developer} {...(back ? { back } : {})} />;
  if (rest === '/access-reviews') return <AccessReviewsPage organizationId={organizationId} base={`${prefix}/access-reviews`} {...(back ? { back } : {})} />;
  const review = match('/access-reviews/:reviewId', rest);
  if (review) return <AccessReviewPage key={review.reviewId} organizationId={organizationId} reviewId={review.reviewId ?? ''} back={{ to: `${prefix}/access-reviews`, label: 'Access reviews' }} />;
  return undefined;
}

function PortalRoutes({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { path } = useLocation();
  if (path === '/') return <PortalHomePage organizationId={organizationId} organizationName={organizationName} />;
  if (path === '/setup') return <ChooseIdpPage organizationId={organizationId} back={{ to: '/', label: 'Directories' }} />;
  if (path === '/roles') return <AccessPage organizationId={organizationId} />;
  if (path === '/seats') return <SeatsPage organizationId={organizationId} />;
  const org = organizationPage(path, '', organizationId, false);
  if (org) return org;
  return directoryPage(path, () => ({ to: '/', label: 'Directories' })) ?? <NotFound />;
}

function DeveloperRoutes() {
  const { path } = useLocation();
  if (path === '/') return <OrganizationsPage />;
  if (path === '/webhooks') return <WebhooksPage />;
  if (path === '/events') return <EventsPage />;
  const org = match('/organizations/:id', path);
  if (org) return <OrganizationPage organizationId={org.id ?? ''} />;
  const roles = match('/organizations/:id/roles', path);
  if (roles) return <AccessPage organizationId={roles.id ?? ''} back={{ to: `/organizations/${roles.id}`, label: 'Organization' }} />;
  const seats = match('/organizations/:id/seats', path);
  if (seats) return <SeatsPage organizationId={seats.id ?? ''} back={{ to: `/organizations/${seats.id}`, label: 'Organization' }} />;
  const orgSection = match('/organizations/:id/:section', path) ?? match('/organizations/:id/:section/:sub', path);
  if (orgSection) {
    const id = orgSection.id ?? '';
    const page = organizationPage(path.slice(`/organizations/${id}`.length), `/organizations/${id}`, id, true);
    if (page) return page;
  }
  const hook = match('/webhooks/:id', path);
  if (hook) return <WebhookPage endpointId={hook.id ?? ''} />;
  return directoryPage(path, (d) => ({ to: `/organizations/${d.organizationId}`, label: 'Organization' })) ?? <NotFound />;
}

export function App() {
  const { path } = useLocation();
  const { viewer } = useViewer();
  if (path === '/link-problem') return <LinkProblemPage />;
  if (viewer.kind === 'loading') return <main className="centered"><Spinner label="Opening the portal…" /></main>;
  if (viewer.kind === 'none') return <LoginPage reason={viewer.reason} />;
  return (
    <Layout>
      {viewer.kind === 'portal' ? <PortalRoutes organizationId={viewer.session.organization.id} organizationName={viewer.session.organization.name} /> : <DeveloperRoutes />}
    </Layout>
  );
}
