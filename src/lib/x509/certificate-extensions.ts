import {
  decodeBitString,
  decodeBoolean,
  decodeOid,
  decodeSmallInteger,
  type DerNode,
  readDer,
  TagClass,
  UniversalTag,
} from './der-reader.js'
import type {RawExtension, X509Structure} from './x509-structure.js'

/** The GeneralName forms of RFC 5280 §4.2.1.6, by their context tag. */
export const GeneralNameKind = {
  directoryName: 4,
  dNSName: 2,
  ediPartyName: 5,
  iPAddress: 7,
  otherName: 0,
  registeredID: 8,
  rfc822Name: 1,
  uniformResourceIdentifier: 6,
  x400Address: 3,
} as const

export const GENERAL_NAME_LABELS = [
  'otherName',
  'email address',
  'DNS name',
  'X.400 address',
  'directory name',
  'EDI party name',
  'URI',
  'IP address',
  'registered ID',
]

/** One GeneralName as encoded. */
export interface GeneralName {
  /** The context tag: see GeneralNameKind. */
  kind: number
  /** The contents: IA5 text for names, 4/16 (SAN) or 8/32 (constraint) octets for iPAddress, the Name DER for directoryName. */
  value: Buffer
}

/**
 * Reads `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` (subjectAltName, and the base of
 * each name-constraint subtree). Every element must be a context-tagged GeneralName.
 */
export function decodeGeneralName(node: DerNode): GeneralName {
  if (node.tagClass !== TagClass.context || node.tag > 8) throw new RangeError('GeneralName expected')
  if (node.tag === GeneralNameKind.directoryName) {
    // [4] EXPLICIT Name
    const [name] = node.children
    const isSequence = name !== undefined && name.tagClass === TagClass.universal && name.tag === UniversalTag.sequence
    if (!node.constructed || node.children.length !== 1 || !isSequence) {
      throw new RangeError('directoryName is not a Name')
    }

    return {kind: node.tag, value: name.encoded}
  }

  const primitive =
    node.tag === GeneralNameKind.rfc822Name ||
    node.tag === GeneralNameKind.dNSName ||
    node.tag === GeneralNameKind.uniformResourceIdentifier ||
    node.tag === GeneralNameKind.iPAddress ||
    node.tag === GeneralNameKind.registeredID
  if (primitive === node.constructed) throw new RangeError(`GeneralName [${node.tag}] has the wrong form`)
  return {kind: node.tag, value: node.contents}
}

/** The names of a subjectAltName extension value (its DER). */
export function decodeGeneralNames(der: Buffer): GeneralName[] {
  const list = readDer(der)
  if (list.tagClass !== TagClass.universal || list.tag !== UniversalTag.sequence)
    throw new RangeError('GeneralNames is not a SEQUENCE')
  if (list.children.length === 0) throw new RangeError('GeneralNames is empty')
  return list.children.map((child) => decodeGeneralName(child))
}

/** Extension OIDs by name (RFC 5280 §4.2 and the few others TLS clients know). */
export const ExtensionOid = {
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  authorityKeyIdentifier: '2.5.29.35',
  basicConstraints: '2.5.29.19',
  certificatePolicies: '2.5.29.32',
  cRLDistributionPoints: '2.5.29.31',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  issuerAltName: '2.5.29.18',
  keyUsage: '2.5.29.15',
  nameConstraints: '2.5.29.30',
  policyConstraints: '2.5.29.36',
  policyMappings: '2.5.29.33',
  signedCertificateTimestamps: '1.3.6.1.4.1.11129.2.4.2',
  subjectAltName: '2.5.29.17',
  subjectDirectoryAttributes: '2.5.29.9',
  subjectKeyIdentifier: '2.5.29.14',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
} as const

export const EXTENSION_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(ExtensionOid).map(([name, oid]) => [oid, name]),
)

export const KeyPurpose = {
  any: '2.5.29.37.0',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const

export const KEY_PURPOSE_NAMES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(KeyPurpose).map(([name, oid]) => [oid, name])),
  '2.5.29.37.0': 'anyExtendedKeyUsage',
}

/** keyUsage bits, numbered as in RFC 5280 §4.2.1.3. */
export const KeyUsageBit = {
  cRLSign: 6,
  dataEncipherment: 3,
  decipherOnly: 8,
  digitalSignature: 0,
  encipherOnly: 7,
  keyAgreement: 4,
  keyCertSign: 5,
  keyEncipherment: 2,
  nonRepudiation: 1,
} as const

export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
]

export interface Decoded<T> {
  critical: boolean
  value: T
}

export interface GeneralSubtree {
  base: GeneralName
}

export interface NameConstraintsValue {
  /** undefined when the field is absent; [] when present but empty. */
  permitted?: GeneralSubtree[]
  excluded?: GeneralSubtree[]
}

export interface AuthorityKeyIdentifierValue {
  keyIdentifier?: Buffer
  hasIssuer: boolean
  hasSerialNumber: boolean
}

/** The extensions a check needs, decoded; a malformed one is left out and listed in `malformed`. */
export interface CertificateExtensions {
  basicConstraints?: Decoded<{ca: boolean; pathLength?: number}>
  keyUsage?: Decoded<Set<number>>
  extKeyUsage?: Decoded<string[]>
  subjectAltName?: Decoded<GeneralName[]>
  nameConstraints?: Decoded<NameConstraintsValue>
  authorityKeyIdentifier?: Decoded<AuthorityKeyIdentifierValue>
  subjectKeyIdentifier?: Decoded<Buffer>
  authorityInfoAccess?: Decoded<number>
  policyConstraints?: Decoded<true>
  /** Every extension by OID, once (the first copy), for criticality and presence checks. */
  raw: Map<string, RawExtension>
  /** OIDs present more than once. */
  duplicated: string[]
  /** Known extensions whose value does not decode: OID and why. */
  malformed: Array<{oid: string; reason: string}>
}

function expect(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tagClass !== TagClass.universal || node.tag !== tag) throw new RangeError(`${what} expected`)
  return node
}

function sequenceOf(der: Buffer, what: string): DerNode[] {
  return expect(readDer(der), UniversalTag.sequence, what).children
}

function decodeBasicConstraints(der: Buffer): {ca: boolean; pathLength?: number} {
  const fields = sequenceOf(der, 'BasicConstraints')
  let index = 0
  let ca = false
  if (fields[index]?.tag === UniversalTag.boolean) {
    // DER omits a DEFAULT FALSE; an explicit FALSE is tolerated, as every client does
    ca = decodeBoolean(fields[index] as DerNode)
    index++
  }

  const result: {ca: boolean; pathLength?: number} = {ca}
  if (fields[index])
    result.pathLength = decodeSmallInteger(expect(fields[index++], UniversalTag.integer, 'pathLenConstraint'))
  if (index !== fields.length) throw new RangeError('unexpected field in BasicConstraints')
  return result
}

function decodeKeyUsage(der: Buffer): Set<number> {
  const {bitLength, bytes} = decodeBitString(readDer(der))
  const bits = new Set<number>()
  for (let bit = 0; bit < bitLength; bit++) if (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) bits.add(bit)
  if (bits.size === 0) throw new RangeError('keyUsage asserts no bit')
  return bits
}

function decodeExtKeyUsage(der: Buffer): string[] {
  const purposes = sequenceOf(der, 'ExtKeyUsageSyntax').map((node) =>
    decodeOid(expect(node, UniversalTag.oid, 'KeyPurposeId').contents),
  )
  if (purposes.length === 0) throw new RangeError('extKeyUsage lists no purpose (SIZE (1..MAX))')
  return purposes
}

function decodeSubtrees(node: DerNode): GeneralSubtree[] {
  // GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }
  return node.children.map((subtree) => {
    const [base, ...rest] = expect(subtree, UniversalTag.sequence, 'GeneralSubtree').children
    if (!base) throw new RangeError('GeneralSubtree without a base')
    if (rest.length > 0)
      throw new RangeError('GeneralSubtree minimum/maximum are not used in the Web PKI (RFC 5280 §4.2.1.10)')
    return {base: decodeGeneralName(base)}
  })
}

function decodeNameConstraints(der: Buffer): NameConstraintsValue {
  const result: NameConstraintsValue = {}
  let last = -1
  for (const field of sequenceOf(der, 'NameConstraints')) {
    if (field.tagClass !== TagClass.context || field.tag > 1 || field.tag <= last || !field.constructed)
      throw new RangeError('unexpected field in NameConstraints')
    last = field.tag
    if (field.tag === 0) result.permitted = decodeSubtrees(field)
    else result.excluded = decodeSubtrees(field)
  }

  return result
}

function decodeAuthorityKeyIdentifier(der: Buffer): AuthorityKeyIdentifierValue {
  const result: AuthorityKeyIdentifierValue = {hasIssuer: false, hasSerialNumber: false}
  let last = -1
  for (const field of sequenceOf(der, 'AuthorityKeyIdentifier')) {
    if (field.tagClass !== TagClass.context || field.tag > 2 || field.tag <= last)
      throw new RangeError('unexpected field in AuthorityKeyIdentifier')
    last = field.tag
    if (field.tag === 0) result.keyIdentifier = field.contents
    if (field.tag === 1) result.hasIssuer = true
    if (field.tag === 2) result.hasSerialNumber = true
  }

  if (result.hasIssuer !== result.hasSerialNumber)
    throw new RangeError('authorityCertIssuer and authorityCertSerialNumber must come together')
  return result
}

function decodeSubjectKeyIdentifier(der: Buffer): Buffer {
  const node = expect(readDer(der), UniversalTag.octetString, 'KeyIdentifier')
  if (node.contents.length === 0) throw new RangeError('empty KeyIdentifier')
  return node.contents
}

function decodeAuthorityInfoAccess(der: Buffer): number {
  const descriptions = sequenceOf(der, 'AuthorityInfoAccessSyntax')
  if (descriptions.length === 0) throw new RangeError('authorityInfoAccess lists no AccessDescription (SIZE (1..MAX))')
  for (const description of descriptions) {
    const [method, location, ...rest] = expect(description, UniversalTag.sequence, 'AccessDescription').children
    decodeOid(expect(method, UniversalTag.oid, 'accessMethod').contents)
    if (!location || rest.length > 0) throw new RangeError('AccessDescription needs one accessLocation')
    decodeGeneralName(location)
  }

  return descriptions.length
}

function decodePolicyConstraints(der: Buffer): true {
  const fields = sequenceOf(der, 'PolicyConstraints')
  // RFC 5280 §4.2.1.11: conforming CAs MUST NOT issue an empty sequence
  if (fields.length === 0) throw new RangeError('policyConstraints is an empty SEQUENCE')
  for (const field of fields)
    if (field.tagClass !== TagClass.context || field.tag > 1)
      throw new RangeError('unexpected field in PolicyConstraints')
  return true
}

function decodeCertificatePolicies(der: Buffer): true {
  const policies = sequenceOf(der, 'certificatePolicies')
  if (policies.length === 0) throw new RangeError('certificatePolicies lists no policy')
  for (const policy of policies)
    decodeOid(
      expect(
        expect(policy, UniversalTag.sequence, 'PolicyInformation').children[0],
        UniversalTag.oid,
        'policyIdentifier',
      ).contents,
    )
  return true
}

type Decoder = (der: Buffer) => unknown

const DECODERS: Record<string, [keyof CertificateExtensions | undefined, Decoder]> = {
  [ExtensionOid.authorityInfoAccess]: ['authorityInfoAccess', decodeAuthorityInfoAccess],
  [ExtensionOid.authorityKeyIdentifier]: ['authorityKeyIdentifier', decodeAuthorityKeyIdentifier],
  [ExtensionOid.basicConstraints]: ['basicConstraints', decodeBasicConstraints],
  [ExtensionOid.certificatePolicies]: [undefined, decodeCertificatePolicies],
  [ExtensionOid.extKeyUsage]: ['extKeyUsage', decodeExtKeyUsage],
  [ExtensionOid.keyUsage]: ['keyUsage', decodeKeyUsage],
  [ExtensionOid.nameConstraints]: ['nameConstraints', decodeNameConstraints],
  [ExtensionOid.policyConstraints]: ['policyConstraints', decodePolicyConstraints],
  [ExtensionOid.subjectAltName]: ['subjectAltName', decodeGeneralNames],
  [ExtensionOid.subjectKeyIdentifier]: ['subjectKeyIdentifier', decodeSubjectKeyIdentifier],
}

const cache = new WeakMap<X509Structure, CertificateExtensions>()

/**
 * Decodes the extensions path validation needs, each strictly (DER, RFC 5280 syntax, SIZE (1..MAX)
 * lists non-empty). A malformed extension does not make the certificate unreadable: it is listed in
 * `malformed` (a finding) and treated as absent. Cached per structure.
 */
export function decodeCertificateExtensions(structure: X509Structure): CertificateExtensions {
  const cached = cache.get(structure)
  if (cached) return cached
  const result: CertificateExtensions = {duplicated: [], malformed: [], raw: new Map()}
  for (const ext of structure.extensions) {
    if (result.raw.has(ext.oid)) {
      if (!result.duplicated.includes(ext.oid)) result.duplicated.push(ext.oid)
      continue
    }

    result.raw.set(ext.oid, ext)
    const decoder = DECODERS[ext.oid]
    if (!decoder) continue
    const [field, decode] = decoder
    try {
      const value = decode(ext.value)
      if (field) (result as unknown as Record<string, Decoded<unknown>>)[field] = {critical: ext.critical, value}
    } catch (error) {
      result.malformed.push({oid: ext.oid, reason: error instanceof Error ? error.message.slice(0, 160) : 'unknown'})
    }
  }

  cache.set(structure, result)
  return result
}
