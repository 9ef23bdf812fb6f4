import {inputError} from '../sni-error.js'
import {formatIpAddress} from '../hostname/ip-address.js'
import {
  decodeBoolean,
  decodeOid,
  decodeSmallInteger,
  decodeTime,
  type DerNode,
  integerContents,
  readDer,
  TagClass,
  UniversalTag,
} from './der-reader.js'
import {decodeGeneralNames, type GeneralName, GeneralNameKind} from './certificate-extensions.js'

/** One relative distinguished name attribute, decoded per its ASN.1 string type. */
export interface NameAttribute {
  oid: string
  shortName: string
  value: string
}

export interface RawExtension {
  oid: string
  critical: boolean
  /** The extnValue contents: the extension's own DER, not yet decoded. */
  value: Buffer
}

/** The SubjectPublicKeyInfo's algorithm, read from the DER (Node's KeyObject hides explicit curves). */
export interface PublicKeyAlgorithm {
  oid: string
  /** `RSA`, `ECDSA`, `Ed25519`, `DSA`, ... or the OID when unknown. */
  name: string
  /** For ECDSA keys with a named curve: the curve's OID and name (`P-256`, or the OID when unknown). */
  curveOid?: string
  curve?: string
  /** ECDSA parameters spelled out instead of naming a curve (CA/B Forum 7.1.3.1.2 forbids it). */
  explicitCurve?: boolean
  /** The whole SubjectPublicKeyInfo DER. */
  spki: Buffer
}

/** The parts of an X.509 certificate that Node's X509Certificate does not expose (or not reliably) on Node 20. */
export interface X509Structure {
  /** 1, 2 or 3 (the encoded value plus one). */
  version: number
  /** The serial number INTEGER's contents as encoded (two's complement, big-endian). */
  serialNumber: Buffer
  signatureAlgorithmOid: string
  signatureAlgorithm: string
  /** The tbsCertificate's signature AlgorithmIdentifier equals the outer one byte for byte (RFC 5280 §4.1.1.2). */
  signatureAlgorithmsMatch: boolean
  issuer: NameAttribute[]
  subject: NameAttribute[]
  /** DER bytes of the issuer and subject Names as binary (latin1) strings, for exact comparison. */
  issuerDer: string
  subjectDer: string
  /** Validity as encoded (RFC 5280 UTCTime/GeneralizedTime), read by our reader, never from OpenSSL's text. */
  notBefore: Date
  notAfter: Date
  publicKeyAlgorithm: PublicKeyAlgorithm
  /** issuerUniqueID or subjectUniqueID is present. */
  hasUniqueIds: boolean
  /** The [3] extensions field is present (even when empty). */
  hasExtensionsField: boolean
  extensions: RawExtension[]
  /** subjectAltName dNSNames and iPAddresses; empty when the extension is absent or malformed (a check reports that). */
  dnsNames: string[]
  ipAddresses: string[]
}

const NAME_OIDS: Record<string, string> = {
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
}

export const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
}

function decodeString(node: DerNode): string {
  const bytes = node.contents
  switch (node.tag) {
    case UniversalTag.utf8String: {
      return bytes.toString('utf8') // invalid sequences become U+FFFD
    }

    case UniversalTag.bmpString: {
      const swapped = Buffer.from(bytes)
      if (swapped.length % 2 === 0) swapped.swap16()
      return swapped.toString('utf16le')
    }

    case UniversalTag.universalString: {
      // UTF-32BE
      let out = ''
      for (let i = 0; i + 3 < bytes.length; i += 4) {
        const cp = bytes.readUInt32BE(i)
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD'
      }

      return out
    }

    default: {
      // PrintableString, IA5String, T61String (treated as Latin-1), VisibleString
      return bytes.toString('latin1')
    }
  }
}

function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tagClass !== TagClass.universal || node.tag !== tag) throw new RangeError(`${what} expected`)
  return node
}

function parseName(node: DerNode): NameAttribute[] {
  const out: NameAttribute[] = []
  for (const rdn of expectTag(node, UniversalTag.sequence, 'Name').children) {
    for (const atv of expectTag(rdn, UniversalTag.set, 'RelativeDistinguishedName').children) {
      const [oidNode, valueNode] = expectTag(atv, UniversalTag.sequence, 'AttributeTypeAndValue').children
      const oid = decodeOid(expectTag(oidNode, UniversalTag.oid, 'attribute type').contents)
      if (!valueNode) throw new RangeError('attribute value expected')
      out.push({oid, shortName: NAME_OIDS[oid] ?? oid, value: decodeString(valueNode)})
    }
  }

  return out
}

/**
 * One normalised key per relative distinguished name of a Name (DER), for name-constraint prefix
 * matching: attribute values case-folded and space-collapsed, multi-valued RDNs sorted.
 */
export function readRdnKeys(nameDer: Buffer): string[] {
  return expectTag(readDer(nameDer), UniversalTag.sequence, 'Name').children.map((rdn) =>
    expectTag(rdn, UniversalTag.set, 'RelativeDistinguishedName')
      .children.map((atv) => {
        const [oidNode, valueNode] = expectTag(atv, UniversalTag.sequence, 'AttributeTypeAndValue').children
        if (!valueNode) throw new RangeError('attribute value expected')
        const value = decodeString(valueNode)
          .toLowerCase()
          .split(' ')
          .filter((part) => part !== '')
          .join(' ')
        return `${decodeOid(expectTag(oidNode, UniversalTag.oid, 'attribute type').contents)}=${value}`
      })
      .sort()
      .join('+'),
  )
}

function parseExtensions(wrapper: DerNode | undefined): RawExtension[] {
  // the [3] EXPLICIT wrapper around SEQUENCE OF Extension
  if (!wrapper) return []
  if (wrapper.children.length !== 1) throw new RangeError('extensions wrapper holds more than one value')
  const list = expectTag(wrapper.children[0], UniversalTag.sequence, 'Extensions')
  return list.children.map((ext) => {
    const parts = expectTag(ext, UniversalTag.sequence, 'Extension').children
    if (parts.length < 2 || parts.length > 3) throw new RangeError('Extension has the wrong number of fields')
    const oid = decodeOid(expectTag(parts[0], UniversalTag.oid, 'extension id').contents)
    const critical =
      parts.length === 3 ? decodeBoolean(expectTag(parts[1], UniversalTag.boolean, 'critical flag')) : false
    const value = expectTag(parts.at(-1), UniversalTag.octetString, 'extension value')
    return {critical, oid, value: value.contents}
  })
}

/** DNS names and IP addresses of the subjectAltName; a malformed extension yields none (checks report it). */
function readSubjectAltName(ext: RawExtension | undefined): {dnsNames: string[]; ipAddresses: string[]} {
  const dnsNames: string[] = []
  const ipAddresses: string[] = []
  if (!ext) return {dnsNames, ipAddresses}
  let names: GeneralName[]
  try {
    names = decodeGeneralNames(ext.value)
  } catch {
    return {dnsNames, ipAddresses}
  }

  for (const name of names) {
    if (name.kind === GeneralNameKind.dNSName) dnsNames.push(name.value.toString('latin1').toLowerCase())
    const isIpAddress = name.kind === GeneralNameKind.iPAddress && (name.value.length === 4 || name.value.length === 16)
    if (isIpAddress) ipAddresses.push(formatIpAddress(name.value))
  }

  return {dnsNames, ipAddresses}
}

const PUBLIC_KEY_ALGORITHMS: Record<string, string> = {
  '1.2.840.10040.4.1': 'DSA',
  '1.2.840.10045.2.1': 'ECDSA',
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.643.7.1.1.1.1': 'GOST R 34.10-2012 (256-bit)',
  '1.2.643.7.1.1.1.2': 'GOST R 34.10-2012 (512-bit)',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
}

const CURVES: Record<string, string> = {
  '1.2.156.10197.1.301': 'SM2',
  '1.2.840.10045.3.1.1': 'P-192',
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.10': 'secp256k1',
  '1.3.132.0.33': 'P-224',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
}

function parsePublicKeyAlgorithm(spki: DerNode): PublicKeyAlgorithm {
  const [algorithm, key] = expectTag(spki, UniversalTag.sequence, 'SubjectPublicKeyInfo').children
  if (!key || key.tag !== UniversalTag.bitString) throw new RangeError('subjectPublicKey expected')
  const [oidNode, parameters] = expectTag(algorithm, UniversalTag.sequence, 'public key algorithm').children
  const oid = decodeOid(expectTag(oidNode, UniversalTag.oid, 'public key algorithm').contents)
  const result: PublicKeyAlgorithm = {name: PUBLIC_KEY_ALGORITHMS[oid] ?? oid, oid, spki: spki.encoded}
  if (oid !== '1.2.840.10045.2.1') return result
  if (parameters?.tagClass === TagClass.universal && parameters.tag === UniversalTag.oid) {
    result.curveOid = decodeOid(parameters.contents)
    result.curve = CURVES[result.curveOid] ?? result.curveOid
  } else {
    // ECParameters (a SEQUENCE) or implicitlyCA (NULL): no named curve
    result.explicitCurve = true
  }

  return result
}

/** TBSCertificate fields after the version, in order; the optional ones by their context tags. */
function tbsFields(tbs: DerNode) {
  const parts = expectTag(tbs, UniversalTag.sequence, 'TBSCertificate').children
  const hasVersion = parts[0]?.tagClass === TagClass.context && parts[0].tag === 0
  const version = hasVersion
    ? decodeSmallInteger(expectTag(parts[0]?.children[0], UniversalTag.integer, 'version')) + 1
    : 1
  if (hasVersion && (parts[0]?.children.length !== 1 || version > 3))
    throw new RangeError('unknown certificate version')
  const [serial, signature, issuer, validity, subject, spki, ...optional] = parts.slice(hasVersion ? 1 : 0)
  let last = 0
  for (const field of optional) {
    if (field.tagClass !== TagClass.context || field.tag < 1 || field.tag > 3 || field.tag <= last)
      throw new RangeError('unexpected field in TBSCertificate')
    last = field.tag
  }

  return {issuer, optional, serial, signature, spki, subject, validity, version}
}

/**
 * Reads a DER certificate strictly (RFC 5280 §4.1 structure, DER lengths, no trailing bytes): names
 * as encoded (per string type), version, serial, validity, the public key's algorithm, extensions
 * with their critical flags, SANs and the signature algorithm. Extension contents are decoded later
 * (certificate-extensions.ts) so that a malformed one becomes a finding, not an unreadable input.
 * Results are cached per DER buffer: every check asks again.
 */
export function parseX509Structure(der: Buffer, source: string): X509Structure {
  const cached = cache.get(der)
  if (cached) return cached
  try {
    const structure = readStructure(der)
    cache.set(der, structure)
    return structure
  } catch (error) {
    throw inputError(
      `${source}: the certificate's ASN.1 structure is malformed.`,
      'CERT_MALFORMED',
      'Export the certificate again from your certificate authority.',
      {
        reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
      },
    )
  }
}

const cache = new WeakMap<Buffer, X509Structure>()

function readStructure(der: Buffer): X509Structure {
  const certificate = expectTag(readDer(der), UniversalTag.sequence, 'Certificate')
  if (certificate.children.length !== 3) throw new RangeError('Certificate has the wrong number of fields')
  const [tbs, sigAlg, signatureValue] = certificate.children
  expectTag(signatureValue, UniversalTag.bitString, 'signatureValue')
  const fields = tbsFields(tbs as DerNode)
  const serialNumber = integerContents(expectTag(fields.serial, UniversalTag.integer, 'serialNumber'))
  const innerAlgorithm = expectTag(fields.signature, UniversalTag.sequence, 'signature')
  const issuerNode = expectTag(fields.issuer, UniversalTag.sequence, 'issuer')
  const [notBefore, notAfter, ...extraTimes] = expectTag(fields.validity, UniversalTag.sequence, 'validity').children
  if (!notBefore || !notAfter || extraTimes.length > 0) throw new RangeError('validity needs notBefore and notAfter')
  const subjectNode = expectTag(fields.subject, UniversalTag.sequence, 'subject')
  const extNode = fields.optional.find((p) => p.tag === 3)
  const outerAlgorithm = expectTag(sigAlg, UniversalTag.sequence, 'signatureAlgorithm')
  const signatureAlgorithmOid = decodeOid(expectTag(outerAlgorithm.children[0], UniversalTag.oid, 'algorithm').contents)
  const extensions = parseExtensions(extNode)
  return {
    ...readSubjectAltName(extensions.find((e) => e.oid === '2.5.29.17')),
    extensions,
    hasExtensionsField: extNode !== undefined,
    hasUniqueIds: fields.optional.some((p) => p.tag === 1 || p.tag === 2),
    issuer: parseName(issuerNode),
    issuerDer: issuerNode.encoded.toString('latin1'),
    notAfter: decodeTime(notAfter),
    notBefore: decodeTime(notBefore),
    publicKeyAlgorithm: parsePublicKeyAlgorithm(fields.spki as DerNode),
    serialNumber,
    signatureAlgorithm: SIGNATURE_ALGORITHMS[signatureAlgorithmOid] ?? signatureAlgorithmOid,
    signatureAlgorithmOid,
    signatureAlgorithmsMatch: innerAlgorithm.encoded.equals(outerAlgorithm.encoded),
    subject: parseName(subjectNode),
    subjectDer: subjectNode.encoded.toString('latin1'),
    version: fields.version,
  }
}
