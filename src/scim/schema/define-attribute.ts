// Builders for attribute definitions, so each schema file lists only what differs from RFC 7643 defaults.
import type { AttributeDef, AttributeType } from './attribute.ts';

/** Characteristics that a definition may override; everything else takes the RFC 7643 §2.2 default. */
export type Traits = Partial<Omit<AttributeDef, 'name' | 'type' | 'description' | 'subAttributes'>>;

/**
 * One attribute with every characteristic spelled out. Defaults are those of RFC 7643 §2.2
 * (required false, caseExact false, mutability readWrite, returned default, uniqueness none),
 * so /Schemas never serves a definition with a characteristic missing.
 */
export function attribute(name: string, type: AttributeType, description: string, traits: Traits = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...traits,
  };
}

/** A complex attribute (RFC 7643 §2.3.8); sub-attributes are listed in the order /Schemas serves them. */
export function complex(
  name: string,
  description: string,
  subAttributes: readonly AttributeDef[],
  traits: Traits = {},
): AttributeDef {
  return { ...attribute(name, 'complex', description, traits), subAttributes };
}

/** Options for the value/display/type/primary quartet of RFC 7643 §2.4. */
export interface MultiValuedSubOptions {
  value: string;
  valueType?: AttributeType;
  valueReferenceTypes?: readonly string[];
  typeDescription?: string;
  typeCanonicalValues?: readonly string[];
}

/**
 * The default sub-attributes of a multi-valued attribute (RFC 7643 §2.4): value, display, type,
 * primary. Sub-attributes without canonical values or reference types omit those keys, as §8.7.1 does.
 */
export function multiValuedSubAttributes(opts: MultiValuedSubOptions): AttributeDef[] {
  const value = attribute('value', opts.valueType ?? 'string', opts.value);
  return [
    opts.valueReferenceTypes ? { ...value, referenceTypes: opts.valueReferenceTypes } : value,
    attribute('display', 'string', 'A human-readable name, primarily used for display purposes.'),
    withCanonical(
      attribute('type', 'string', opts.typeDescription ?? "A label indicating the attribute's function."),
      opts.typeCanonicalValues,
    ),
    attribute(
      'primary',
      'boolean',
      "A Boolean value indicating the 'primary' or preferred attribute value for this attribute. The primary attribute value 'true' MUST appear no more than once.",
    ),
  ];
}

function withCanonical(def: AttributeDef, values: readonly string[] | undefined): AttributeDef {
  return values ? { ...def, canonicalValues: values } : def;
}
