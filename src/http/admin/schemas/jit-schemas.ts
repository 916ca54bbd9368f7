// Admin API schemas of just-in-time sign-in (src/directory/jit/jit-sign-in.ts).

const optionalText = (description: string) => ({ type: ['string', 'null'], maxLength: 256, description }) as const;

export const JitSignIn = {
  $id: 'JitSignIn',
  description: "The attributes of a user's SSO assertion, sent by the app at login.",
  type: 'object',
  required: ['email'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', maxLength: 256, description: 'The address the assertion carries (NameID or email attribute): becomes userName and the work email.' },
    externalId: optionalText("The IdP's id for the user, when the assertion carries it: matched first."),
    firstName: optionalText('name.givenName'),
    lastName: optionalText('name.familyName'),
    displayName: optionalText('displayName'),
    title: optionalText('title'),
    department: optionalText("The enterprise extension's department"),
    directoryId: { type: ['string', 'null'], maxLength: 64, description: 'The directory a first login creates its user in; needed when the organization has several.' },
  },
} as const;

export const JitResult = {
  $id: 'JitResult',
  type: 'object',
  required: ['outcome', 'allowed', 'reason', 'matchedBy', 'user'],
  additionalProperties: false,
  properties: {
    outcome: { type: 'string', enum: ['created', 'linked', 'refused'], description: 'created (201, first login), linked to the existing user, or refused.' },
    allowed: { type: 'boolean', description: 'Let the user in only when true.' },
    reason: { type: ['string', 'null'], enum: ['deactivated_in_idp', 'not_approved', null], description: 'Why a sign-in is refused.' },
    matchedBy: { type: ['string', 'null'], enum: ['externalId', 'userName', 'email', null], description: 'How the existing user was found.' },
    user: { $ref: 'AppUser#' },
  },
} as const;
