// OneLogin (SCIM Provisioner with SAML, SCIM v2): bodies come from an admin-edited JSON template.
import { defineDialect } from './dialect.ts';
import { blanksClearInBody, blanksClearInPatch } from './rules/blank-clears.ts';
import { aliasSchemasInBody, aliasSchemasInPatch, SCIM1_ALIASES } from './rules/schema-urns.ts';

/**
 * OneLogin renders each request from the app's "SCIM JSON Template", e.g.
 * `{"schemas":["urn:scim:schemas:core:1.0"],"userName":"{$parameters.scimusername}",…}`
 * (scim.dev/guide/applications/onelogin). Two things follow. The template may carry SCIM 1.1
 * URNs — in `schemas`, and as the key of an enterprise object the core would otherwise drop with
 * its data — so they are renamed to their 2.0 equivalents. And a template field whose OneLogin
 * value is empty renders as "": that is "no value", not the empty string, so it clears.
 */
export const oneloginDialect = defineDialect({
  provider: 'onelogin',
  body: [aliasSchemasInBody(SCIM1_ALIASES), blanksClearInBody],
  patch: [aliasSchemasInPatch(SCIM1_ALIASES), blanksClearInPatch],
});
