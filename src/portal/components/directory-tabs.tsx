// The sections of one directory, as tabs under its title.
import { Link, useLocation } from '../router.tsx';

const TABS = [
  ['setup', 'Connection'],
  ['users', 'Users'],
  ['groups', 'Groups'],
  ['sync-log', 'Sync log'],
  ['mapping', 'Mapping'],
  ['settings', 'Settings'],
  ['import', 'Import'],
] as const;

export function DirectoryTabs({ directoryId }: { directoryId: string }) {
  const { path } = useLocation();
  return (
    <nav className="tabs" aria-label="Directory sections">
      {TABS.map(([segment, label]) => {
        const to = `/directories/${directoryId}/${segment}`;
        return (
          <Link key={segment} to={to} className="tab" aria-current={path.startsWith(to) ? 'page' : undefined}>
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
