import {type Asn1, asn1, Type} from '../x509/asn1.js'

import type {NameAttribute} from '../x509/x509-structure.js'
import {escapeForDisplay} from '../display-text.js'
import {usageError} from '../sni-error.js'

/** Owner details as Heroku prompts for them; empty or missing ones are left out of the subject. */
export interface OwnerDetails {
  owner?: string
  country?: string
  area?: string
  city?: string
}

interface AttributeSpec {
  oid: string
  shortName: string
  /** ASN.1 string type the value is encoded as (RFC 5280 fixes PrintableString or IA5String for some). */
  stringType: number
  /** Upper bounds from RFC 5280 Appendix A, which OpenSSL enforces too. */
  maxLength: number
}

const T = Type
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/

const ATTRIBUTES: AttributeSpec[] = [
  {maxLength: 2, oid: '2.5.4.6', shortName: 'C', stringType: T.PRINTABLESTRING},
  {maxLength: 128, oid: '2.5.4.8', shortName: 'ST', stringType: T.UTF8},
  {maxLength: 128, oid: '2.5.4.7', shortName: 'L', stringType: T.UTF8},
  {maxLength: 128, oid: '2.5.4.9', shortName: 'street', stringType: T.UTF8},
  {maxLength: 40, oid: '2.5.4.17', shortName: 'postalCode', stringType: T.UTF8},
  {maxLength: 64, oid: '2.5.4.10', shortName: 'O', stringType: T.UTF8},
  {maxLength: 64, oid: '2.5.4.11', shortName: 'OU', stringType: T.UTF8},
  {maxLength: 64, oid: '2.5.4.12', shortName: 'title', stringType: T.UTF8},
  {maxLength: 64, oid: '2.5.4.42', shortName: 'GN', stringType: T.UTF8},
  {maxLength: 64, oid: '2.5.4.4', shortName: 'SN', stringType: T.UTF8},
  {maxLength: 64, oid: '2.5.4.5', shortName: 'serialNumber', stringType: T.PRINTABLESTRING},
  {maxLength: 64, oid: '2.5.4.3', shortName: 'CN', stringType: T.UTF8},
  {maxLength: 128, oid: '1.2.840.113549.1.9.1', shortName: 'emailAddress', stringType: T.IA5STRING},
  {maxLength: 63, oid: '0.9.2342.19200300.100.1.25', shortName: 'DC', stringType: T.IA5STRING},
  {maxLength: 256, oid: '0.9.2342.19200300.100.1.1', shortName: 'UID', stringType: T.UTF8},
]

const LONG_NAMES: Record<string, string> = {
  commonname: 'CN',
  countryname: 'C',
  localityname: 'L',
  organizationalunitname: 'OU',
  organizationname: 'O',
  stateorprovincename: 'ST',
}

const SUBJECT_HINT =
  "Write it as OpenSSL does, e.g. '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com'."

function findSpec(type: string): AttributeSpec | undefined {
  const wanted = (LONG_NAMES[type.toLowerCase()] ?? type).toLowerCase()
  return ATTRIBUTES.find((a) => a.shortName.toLowerCase() === wanted)
}

function rejectSubject(problem: string): never {
  throw usageError(`--subject is malformed: ${problem}.`, 'INVALID_SUBJECT', SUBJECT_HINT)
}

/** Checks one value against its attribute's rules; `where` names the flag or attribute in messages. */
function validateValue(spec: AttributeSpec, value: string, where: string): string {
  const shown = escapeForDisplay(value)
  const fail = (problem: string): never => {
    throw usageError(`${where} '${shown}' ${problem}.`, 'INVALID_SUBJECT', SUBJECT_HINT)
  }

  if (value === '') fail('is empty')
  if (/\p{Cc}/u.test(value)) fail('contains a control character')
  if ([...value].length > spec.maxLength) fail(`is longer than ${spec.maxLength} characters`)
  if (spec.shortName === 'C' && !/^[A-Za-z]{2}$/.test(value)) fail('is not a two-letter ISO country code')
  if (spec.stringType === T.PRINTABLESTRING && !PRINTABLE.test(value))
    fail('may hold only letters, digits, spaces and simple punctuation')
  if (spec.stringType === T.IA5STRING && !/^[\u0020-\u007e]*$/.test(value)) fail('may hold only ASCII characters')
  return spec.shortName === 'C' ? value.toUpperCase() : value
}

function createAttribute(spec: AttributeSpec, value: string, where: string): NameAttribute {
  return {oid: spec.oid, shortName: spec.shortName, value: validateValue(spec, value, where)}
}

/**
 * Parses OpenSSL's slash form (`/C=US/O=Example/CN=www.example.com`, as `openssl req -subj` takes
 * it). A backslash escapes the next character (`\/` for a slash inside a value). Short names,
 * their common long names, any case; empty values and unknown attribute types are refused.
 */
export function parseSlashSubject(text: string): NameAttribute[] {
  if (!text.startsWith('/')) rejectSubject("it must start with '/'")
  const attributes: NameAttribute[] = []
  let i = 1
  while (i < text.length) {
    const eq = text.indexOf('=', i)
    const slash = text.indexOf('/', i)
    if (slash === i) rejectSubject('it has an empty attribute between two slashes')
    if (eq === -1 || (slash !== -1 && slash < eq))
      rejectSubject(`'${escapeForDisplay(text.slice(i, slash === -1 ? undefined : slash))}' has no '='`)
    const type = text.slice(i, eq)
    const spec = findSpec(type)
    if (!spec) rejectSubject(`'${escapeForDisplay(type)}' is not a supported attribute type`)
    let value = ''
    for (i = eq + 1; i < text.length && text[i] !== '/'; i++) {
      if (text[i] === '\\') {
        if (++i === text.length) rejectSubject('it ends with a lone backslash')
      }

      value += text[i]
    }

    attributes.push(createAttribute(spec, value, `--subject attribute ${spec.shortName}`))
    i++
  }

  if (attributes.length === 0) rejectSubject('it has no attributes')
  return attributes
}

/** Heroku's subject: `/C=../ST=../L=../O=../CN=DOMAIN`, leaving out what the owner did not give. */
export function buildOwnerSubject(details: OwnerDetails, commonName: string): NameAttribute[] {
  const fields: Array<[string, string | undefined, string]> = [
    ['C', details.country, '--country'],
    ['ST', details.area, '--area'],
    ['L', details.city, '--city'],
    ['O', details.owner, '--owner'],
  ]
  const attributes = fields
    .filter(([, value]) => value !== undefined && value.trim() !== '')
    .map(([shortName, value, flag]) => createAttribute(findSpec(shortName)!, (value ?? '').trim(), flag))
  // A CN is capped at 64 characters; longer names live in subjectAltName only (as public CAs do).
  if (commonName.length <= 64) attributes.push({oid: '2.5.4.3', shortName: 'CN', value: commonName})
  return attributes
}

function toAsn1String(spec: AttributeSpec | undefined, value: string): Asn1 {
  const type = spec?.stringType ?? T.UTF8
  const bytes = Buffer.from(value, type === T.UTF8 ? 'utf8' : 'latin1').toString('binary')
  return asn1.create(asn1.Class.UNIVERSAL, type, false, bytes)
}

/** DER Name: one RDN per attribute, in the order given (OpenSSL's order for `-subj`). */
export function encodeSubjectName(attributes: readonly NameAttribute[]): Asn1 {
  const {Class, create, oidToDer} = asn1
  return create(
    Class.UNIVERSAL,
    T.SEQUENCE,
    true,
    attributes.map((a) =>
      create(Class.UNIVERSAL, T.SET, true, [
        create(Class.UNIVERSAL, T.SEQUENCE, true, [
          create(Class.UNIVERSAL, T.OID, false, oidToDer(a.oid).getBytes()),
          toAsn1String(
            ATTRIBUTES.find((s) => s.oid === a.oid),
            a.value,
          ),
        ]),
      ]),
    ),
  )
}
