// Okta's recorded request sequences (OKTA-REF), replayed in the order Okta sends them.
import { replay } from './replay.ts';

replay('okta-lifecycle.json', 'okta-push-groups.json');
