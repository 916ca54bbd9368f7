// What someone sees when a portal link does not open: what happened, and whom to ask.
import { useLocation } from '../router.tsx';

const PROBLEMS: Record<string, { title: string; text: string }> = {
  expired: {
    title: 'This link has expired',
    text: 'Portal links work for a short time after they are sent (5 minutes unless the sender chose longer), so that a forwarded or leaked link is useless.',
  },
  used: {
    title: 'This link was already used',
    text: 'Each portal link opens the portal once. It was opened before, perhaps in another browser or by a link scanner in your email.',
  },
  'too-many': {
    title: 'Too many attempts',
    text: 'Several links that do not work were opened from your network in a short time, so links are refused for a minute. Wait a minute, then open your link again.',
  },
  invalid: {
    title: 'This link is not valid',
    text: 'The link is incomplete or was changed: it may have been cut when it was copied or wrapped in an email.',
  },
};

export function LinkProblemPage() {
  const { query } = useLocation();
  const problem = PROBLEMS[query.get('reason') ?? ''] ?? (PROBLEMS.invalid as { title: string; text: string });
  return (
    <main className="centered" id="main">
      <section className="card narrow" aria-labelledby="problem-title">
        <span className="brand-mark large" aria-hidden="true">R</span>
        <h1 id="problem-title">{problem.title}</h1>
        <p>{problem.text}</p>
        <p>
          <strong>What to do:</strong> ask the administrator of the application that sent you this link (the person or team who asked you to connect your
          identity provider) for a new portal link. Nothing was changed.
        </p>
      </section>
    </main>
  );
}
