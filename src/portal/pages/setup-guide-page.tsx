// Steps 2 and 3 of the setup: the IdP's own screens, the SCIM URL and token to paste, and the live connection state.
import type { Directory } from '../api/types.ts';
import { ConnectionState } from '../components/connection-state.tsx';
import { CopyField } from '../components/copy-field.tsx';
import { RichText } from '../components/rich-text.tsx';
import { guideFor } from '../guides/idp-guides.ts';
import { TokenPanel } from '../components/token-panel.tsx';


export function SetupGuidePage({ directory }: { directory: Directory }) {
  const guide = guideFor(directory.provider);
  return (
    <div className="guide">
      <section className="card" aria-labelledby="creds-title">
        <h2 id="creds-title">Step 2 · Copy these into {guide.console}</h2>
        <p className="muted">
          The URL goes into <strong>{guide.urlField}</strong>, the token into <strong>{guide.tokenField}</strong>.
        </p>
        <CopyField label="SCIM base URL" value={directory.scimBaseUrl} testId="scim-url" />
        <TokenPanel directory={directory} />
      </section>
      <section className="card" aria-labelledby="steps-title">
        <h2 id="steps-title">Step 3 · Set up {guide.name}</h2>
        <ol className="steps">
          {guide.steps.map((step, i) => (
            <li key={i}>
              <RichText text={step} />
            </li>
          ))}
        </ol>
        <p className="muted">{guide.after}</p>
      </section>
      <section aria-label="Connection state">
        <ConnectionState directory={directory} />
      </section>
    </div>
  );
}
