// Step-by-step setup of each identity provider, with the names of the screens and fields in its admin console (docs/idp/*.md).
import type { Provider } from '../api/types.ts';

export interface IdpGuide {
  provider: Provider;
  name: string;
  /** Where the IT admin works: the console's own name. */
  console: string;
  /** The name of the field that takes the SCIM base URL, and of the one that takes the token. */
  urlField: string;
  tokenField: string;
  /** Steps in order; `**text**` marks a screen, button or field name as the console writes it. */
  steps: string[];
  /** What to expect once it runs. */
  after: string;
}

export const GUIDES: IdpGuide[] = [
  {
    provider: 'okta',
    name: 'Okta',
    console: 'Okta Admin Console',
    urlField: 'SCIM connector base URL',
    tokenField: 'Authorization',
    steps: [
      'In the Okta Admin Console, go to **Applications → Applications** and open the app (or **Create App Integration**, choose **SAML 2.0** or **SWA** and finish the wizard).',
      'On the app’s **General** tab, under **App Settings**, click **Edit**, set **Provisioning** to **SCIM** and **Save**. (An app from the Okta Integration Network already has a **Provisioning** tab.)',
      'Open **Provisioning → Integration → Edit**. Paste the SCIM base URL below into **SCIM connector base URL**, and set **Unique identifier field for users** to `userName`.',
      'Under **Supported provisioning actions**, tick **Import New Users and Profile Updates**, **Push New Users**, **Push Profile Updates** and **Push Groups**.',
      'Set **Authentication Mode** to **HTTP Header** and paste the token below into **Authorization**.',
      'Click **Test Connector Configuration**, then **Save**.',
      'Open **Provisioning → To App → Edit** and enable **Create Users**, **Update User Attributes** and **Deactivate Users**. **Save**.',
      'On the **Assignments** tab, assign the people or groups who should get the app. On **Push Groups**, push the groups whose membership the app should know.',
    ],
    after: 'Okta sends its first request when you test the connector; assigned users arrive within a minute.',
  },
  {
    provider: 'entra',
    name: 'Microsoft Entra ID',
    console: 'Microsoft Entra admin center',
    urlField: 'Tenant URL',
    tokenField: 'Secret Token',
    steps: [
      'In the Microsoft Entra admin center, go to **Enterprise applications → New application → Create your own application**, name it, choose **Integrate any other application you don’t find in the gallery (Non-gallery)** and click **Create**.',
      'In the app, open **Provisioning** → **Get started** (or **New configuration**) and set **Provisioning Mode** to **Automatic**.',
      'Under **Admin Credentials**, paste the SCIM base URL below into **Tenant URL** and the token into **Secret Token**. Do not leave the token blank.',
      'Click **Test Connection**, then **Save**.',
      'Under **Mappings**, keep **Provision Microsoft Entra ID Users** and the Groups mapping beside it; match objects by `userName` or `externalId`.',
      'Under **Settings → Scope**, choose **Sync only assigned users and groups**; add them in **Users and groups → Add user/group**.',
      'Set **Provisioning Status** to **On** and **Save**.',
    ],
    after: 'Entra tests the connection at once; the first provisioning cycle starts within minutes, then runs every 40 minutes.',
  },
  {
    provider: 'onelogin',
    name: 'OneLogin',
    console: 'OneLogin admin portal',
    urlField: 'SCIM Base URL',
    tokenField: 'SCIM Bearer Token',
    steps: [
      'In the OneLogin admin portal, go to **Applications → Applications → Add App**, search for **SCIM Provisioner with SAML (SCIM v2 Enterprise)** and **Save**.',
      'On the **Configuration** tab, paste the SCIM base URL below into **SCIM Base URL** and the token into **SCIM Bearer Token**. Keep the default **SCIM JSON Template**.',
      'Under **API Connection**, click **Enable**, then **Save**.',
      'On the **Provisioning** tab, tick **Enable provisioning** and choose what happens when users are deleted or suspended (**Delete** or **Suspend**). **Save**.',
      'On **Parameters → Groups**, tick **Include in User Provisioning** to send groups. Give users the app through **Users** or **Roles**.',
    ],
    after: 'OneLogin sends its first request when you enable the API connection.',
  },
  {
    provider: 'jumpcloud',
    name: 'JumpCloud',
    console: 'JumpCloud Admin Portal',
    urlField: 'Base URL',
    tokenField: 'Token Key',
    steps: [
      'In the JumpCloud Admin Portal, go to **SSO Applications → + Add New Application → Custom Application**; on the features step select **Export users to this app (Identity Management)**, name it and **Save**.',
      'Open the app → **Identity Management** tab. Set **API Type** to **SCIM API** and **SCIM Version** to **SCIM 2.0**.',
      'Paste the SCIM base URL below into **Base URL** and the token into **Token Key**.',
      'Fill **Test User Email** with an address at your company’s domain, then click **Test Connection**.',
      'Turn on **Group Management** if the app should see groups, then **Activate**.',
      'On the **User Groups** tab, bind the groups whose users should get the app.',
    ],
    after: 'JumpCloud’s Test Connection creates and deletes a test user: that is its first request.',
  },
  {
    provider: 'ping',
    name: 'Ping Identity',
    console: 'PingOne admin console (or PingFederate)',
    urlField: 'SCIM Base URL',
    tokenField: 'Access Token',
    steps: [
      'In PingOne, go to **Integrations → Provisioning → + → New Connection → Identity Store → SCIM Outbound**.',
      'Paste the SCIM base URL below into **SCIM Base URL**, set **SCIM Version** to **2.0** and **Authentication Method** to **OAuth 2 Bearer Token**, and paste the token into **Access Token**.',
      'Under **Preferences**, set **User Identifier** to `userName`, **Remove Action** to **Disable** (or **Delete**) and **Group Membership Handling** to **Merge**. Save.',
      'Add a **Rule** that selects the users and groups to provision, and enable it.',
      'On PingFederate instead: **Applications → SP Connections → Create Connection**, tick **Outbound Provisioning** with type **SCIM Connector**, and fill **SCIM URL**, **Authentication Method: OAuth 2 Bearer Token** and **Access Token** on the **Target** screen.',
    ],
    after: 'Ping sends requests when the rule is enabled and its users change.',
  },
  {
    provider: 'rippling',
    name: 'Rippling',
    console: 'Rippling',
    urlField: 'SCIM base URL',
    tokenField: 'Bearer token',
    steps: [
      'In Rippling, open the **App Shop**, search for and add a **Custom App** with SCIM provisioning.',
      'In the app’s SCIM settings, paste the SCIM base URL below into **SCIM base URL** and the token into **Bearer token**.',
      'Turn on **Supports Groups**, **Create & Delete Groups**, **Use PATCH to edit Groups** and **Supports Pagination**.',
      'Choose who gets the app (the access rule) and turn provisioning on.',
    ],
    after: 'Rippling sends the people matched by the access rule once provisioning is on.',
  },
  {
    provider: 'google',
    name: 'Google Workspace',
    console: 'Google Admin console',
    urlField: 'endpoint URL',
    tokenField: 'access token',
    steps: [
      'In the Google Admin console, go to **Apps → Web and mobile apps**, open the app, then **Auto-provisioning → Set up auto-provisioning**.',
      'Paste the token below as the **access token** and the SCIM base URL as the **endpoint URL**.',
      'Under **Attribute mapping**, map at least **userName** and **emails**.',
      'Under **Provisioning scope**, choose the groups whose members get the app; choose when Google deprovisions under **Deprovisioning**.',
      'Turn **Auto-provisioning** on.',
    ],
    after: 'Google reads the schemas first, then sends the users in scope.',
  },
  {
    provider: 'generic',
    name: 'Other SCIM 2.0 client',
    console: 'your identity provider',
    urlField: 'base URL',
    tokenField: 'bearer token',
    steps: [
      'In your identity provider’s provisioning settings, create a SCIM 2.0 connection.',
      'Use the SCIM base URL below as the **base URL** (with nothing after it, no `/Users`).',
      'Choose bearer token authentication and paste the token below (the client sends `Authorization: Bearer <token>`).',
      'Match users by `userName` or `externalId`, groups by `displayName` or `externalId`.',
      'If the client discovers capabilities, it will read `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` on its own.',
    ],
    after: 'The connection turns green on the first request the client sends.',
  },
];

export function guideFor(provider: string): IdpGuide {
  return GUIDES.find((g) => g.provider === provider) ?? (GUIDES[GUIDES.length - 1] as IdpGuide);
}
