// The core User schema, urn:ietf:params:scim:schemas:core:2.0:User (RFC 7643 §4.1, §8.7.1).
import type { AttributeDef, SchemaDef } from './attribute.ts';
import { attribute, complex, multiValuedSubAttributes } from './define-attribute.ts';

const nameAttribute = complex(
  'name',
  "The components of the user's real name. Providers may return the full name in 'formatted', the individual components, or both.",
  [
    attribute('formatted', 'string', "The full name, including middle names, titles and suffixes, formatted for display (e.g., 'Ms. Barbara J Jensen, III')."),
    attribute('familyName', 'string', "The family name of the User, or last name in most Western languages (e.g., 'Jensen')."),
    attribute('givenName', 'string', "The given name of the User, or first name in most Western languages (e.g., 'Barbara')."),
    attribute('middleName', 'string', "The middle name(s) of the User (e.g., 'Jane')."),
    attribute('honorificPrefix', 'string', "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.')."),
    attribute('honorificSuffix', 'string', "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III')."),
  ],
);

const emails = complex(
  'emails',
  "Email addresses for the user. The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'.",
  multiValuedSubAttributes({
    value: 'Email address for the user.',
    typeDescription: "A label indicating the attribute's function, e.g., 'work' or 'home'.",
    typeCanonicalValues: ['work', 'home', 'other'],
  }),
  { multiValued: true },
);

const phoneNumbers = complex(
  'phoneNumbers',
  "Phone numbers for the User. The value SHOULD be canonicalized according to RFC 3966, e.g., 'tel:+1-201-555-0123'.",
  multiValuedSubAttributes({
    value: 'Phone number of the User.',
    typeDescription: "A label indicating the attribute's function, e.g., 'work', 'home', 'mobile'.",
    typeCanonicalValues: ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
  }),
  { multiValued: true },
);

const ims = complex(
  'ims',
  'Instant messaging addresses for the User.',
  multiValuedSubAttributes({
    value: 'Instant messaging address for the User.',
    typeDescription: "A label indicating the attribute's function, e.g., 'aim', 'gtalk', 'xmpp'.",
    typeCanonicalValues: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
  }),
  { multiValued: true },
);

const photos = complex(
  'photos',
  'URLs of photos of the User.',
  multiValuedSubAttributes({
    value: 'URL of a photo of the User.',
    valueType: 'reference',
    valueReferenceTypes: ['external'],
    typeDescription: "A label indicating the attribute's function, i.e., 'photo' or 'thumbnail'.",
    typeCanonicalValues: ['photo', 'thumbnail'],
  }),
  { multiValued: true },
);

// §8.7.1 leaves `primary` out of addresses, but §4.1.2 gives every multi-valued attribute one
// and clients (Entra, Okta) send it, so it is defined here.
const addresses = complex(
  'addresses',
  'A physical mailing address for this User.',
  [
    attribute('formatted', 'string', 'The full mailing address, formatted for display or use with a mailing label. May contain newlines.'),
    attribute('streetAddress', 'string', 'The full street address component: house number, street name, P.O. box, extended street address. May contain newlines.'),
    attribute('locality', 'string', 'The city or locality component.'),
    attribute('region', 'string', 'The state or region component.'),
    attribute('postalCode', 'string', 'The zip code or postal code component.'),
    attribute('country', 'string', 'The country name component, as an ISO 3166-1 alpha-2 code when possible.'),
    attribute('type', 'string', "A label indicating the attribute's function, e.g., 'work' or 'home'.", {
      canonicalValues: ['work', 'home', 'other'],
    }),
    attribute('primary', 'boolean', "A Boolean value indicating the 'primary' or preferred address. The value 'true' MUST appear no more than once."),
  ],
  { multiValued: true },
);

// The server derives group membership from Group resources (RFC 7643 §4.1.2), so every
// sub-attribute is readOnly too: a client cannot add a user to a group through the User.
const groups = complex(
  'groups',
  'A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.',
  [
    attribute('value', 'string', "The identifier of the User's group.", { mutability: 'readOnly' }),
    attribute('$ref', 'reference', "The URI of the corresponding 'Group' resource to which the user belongs.", {
      mutability: 'readOnly',
      referenceTypes: ['User', 'Group'],
    }),
    attribute('display', 'string', 'A human-readable name, primarily used for display purposes.', { mutability: 'readOnly' }),
    attribute('type', 'string', "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.", {
      mutability: 'readOnly',
      canonicalValues: ['direct', 'indirect'],
    }),
  ],
  { multiValued: true, mutability: 'readOnly' },
);

const entitlements = complex(
  'entitlements',
  'A list of entitlements for the User that represent a thing the User has.',
  multiValuedSubAttributes({ value: 'The value of an entitlement.' }),
  { multiValued: true },
);

const roles = complex(
  'roles',
  "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.",
  multiValuedSubAttributes({ value: 'The value of a role.' }),
  { multiValued: true },
);

const x509Certificates = complex(
  'x509Certificates',
  'A list of certificates issued to the User.',
  multiValuedSubAttributes({ value: 'The value of an X.509 certificate, base64-encoded DER.', valueType: 'binary' }),
  { multiValued: true },
);

const attributes: readonly AttributeDef[] = [
  attribute(
    'userName',
    'string',
    "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value, unique across the service provider's Users.",
    { required: true, uniqueness: 'server' },
  ),
  nameAttribute,
  attribute('displayName', 'string', 'The name of the User, suitable for display to end-users. It SHOULD be the full name of the User, if known.'),
  attribute('nickName', 'string', "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'."),
  attribute('profileUrl', 'reference', "A fully qualified URL pointing to a page representing the User's online profile.", {
    referenceTypes: ['external'],
  }),
  attribute('title', 'string', "The user's title, such as 'Vice President'."),
  attribute('userType', 'string', "Used to identify the relationship between the organization and the user, e.g., 'Contractor', 'Employee', 'Intern'."),
  attribute('preferredLanguage', 'string', "Indicates the User's preferred written or spoken language, e.g., 'en-US' (RFC 7231 Accept-Language format)."),
  attribute('locale', 'string', "Used to indicate the User's default location for localizing items such as currency and date formats, e.g., 'en-US'."),
  attribute('timezone', 'string', "The User's time zone in IANA time zone database format, e.g., 'America/Los_Angeles'."),
  attribute('active', 'boolean', "A Boolean value indicating the User's administrative status."),
  attribute('password', 'string', "The User's cleartext password, used to set an initial password or reset an existing one. Never returned.", {
    mutability: 'writeOnly',
    returned: 'never',
  }),
  emails,
  phoneNumbers,
  ims,
  photos,
  addresses,
  groups,
  entitlements,
  roles,
  x509Certificates,
];

/** The User core schema exactly as RFC 7643 §8.7.1 defines it. */
export const USER_SCHEMA: SchemaDef = {
  id: 'urn:ietf:params:scim:schemas:core:2.0:User',
  name: 'User',
  description: 'User Account',
  attributes,
};
