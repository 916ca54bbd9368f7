// OneLogin's recorded request sequence (SCIM Provisioner with SAML, SCIM v2), replayed in the order it sends it.
import { replay } from './replay.ts';

replay('onelogin-lifecycle.json');
