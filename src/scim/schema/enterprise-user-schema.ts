// The Enterprise User extension, urn:ietf:params:scim:schemas:extension:enterprise:2.0:User (RFC 7643 §4.3, §8.7.1).
import type { SchemaDef } from './attribute.ts';
import { attribute, complex } from './define-attribute.ts';

// §4.3 calls manager.value "REQUIRED" but §8.7.1 marks it optional; the full representation is
// what /Schemas serves, and requiring it would only turn a half-filled manager into a 400.
const manager = complex(
  'manager',
  "The User's manager. A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.",
  [
    attribute('value', 'string', "The id of the SCIM resource representing the User's manager."),
    attribute('$ref', 'reference', "The URI of the SCIM resource representing the User's manager.", { referenceTypes: ['User'] }),
    // Derived by the server from the referenced User, so clients cannot set it.
    attribute('displayName', 'string', "The displayName of the User's manager.", { mutability: 'readOnly' }),
  ],
);

/** The Enterprise User extension exactly as RFC 7643 §8.7.1 defines it. */
export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute(
      'employeeNumber',
      'string',
      'Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.',
    ),
    attribute('costCenter', 'string', 'Identifies the name of a cost center.'),
    attribute('organization', 'string', 'Identifies the name of an organization.'),
    attribute('division', 'string', 'Identifies the name of a division.'),
    attribute('department', 'string', 'Identifies the name of a department.'),
    manager,
  ],
};
