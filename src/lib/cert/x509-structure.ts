import {inputError} from '../sni-error.js'
import {decodeOid, type DerNode, readDer, TagClass, UniversalTag} from './der-reader.js'

/** One relative distinguished name attribute, decoded per its ASN.1 string type. */
export interface NameAttribute {
  oid: string
  shortName: string
  value: string
}

export interface RawExtension {
  oid: string
  critical: boolean
  /** DER of the extnValue contents, as a binary (latin1) string. */
  value: string
}

/** The parts of an X.509 certificate that Node's X509Certificate does not expose on Node 20. */
export interface X509Structure {
  signatureAlgorithmOid: string
  signatureAlgorithm: string
  issuer: NameAttribute[]
  subject: NameAttribute[]
  /** DER bytes of the issuer and subject Names as binary (latin1) strings, for exact comparison. */
  issuerDer: string
  subjectDer: string
  extensions: RawExtension[]
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

function parseExtensions(wrapper: DerNode | undefined): RawExtension[] {
  // the [3] EXPLICIT wrapper around SEQUENCE OF Extension
  if (!wrapper) return []
  const list = expectTag(wrapper.children[0], UniversalTag.sequence, 'Extensions')
  return list.children.map((ext) => {
    const parts = expectTag(ext, UniversalTag.sequence, 'Extension').children
    const oid = decodeOid(expectTag(parts[0], UniversalTag.oid, 'extension id').contents)
    const criticalNode = parts.length === 3 ? expectTag(parts[1], UniversalTag.boolean, 'critical flag') : undefined
    const value = expectTag(parts.at(-1), UniversalTag.octetString, 'extension value')
    return {critical: criticalNode?.contents[0] === 0xff, oid, value: value.contents.toString('latin1')}
  })
}

function parseSubjectAltName(ext: RawExtension | undefined): {dnsNames: string[]; ipAddresses: string[]} {
  const dnsNames: string[] = []
  const ipAddresses: string[] = []
  if (!ext) return {dnsNames, ipAddresses}
  const names = expectTag(readDer(Buffer.from(ext.value, 'latin1')), UniversalTag.sequence, 'GeneralNames')
  for (const gn of names.children) {
    if (gn.tagClass !== TagClass.context || gn.constructed) continue
    if (gn.tag === 2) dnsNames.push(gn.contents.toString('latin1').toLowerCase())
    if (gn.tag === 7) {
      const bytes = gn.contents
      if (bytes.length === 4) ipAddresses.push([...bytes].join('.'))
      else if (bytes.length === 16) ipAddresses.push((bytes.toString('hex').match(/.{4}/g) ?? []).join(':'))
    }
  }

  return {dnsNames, ipAddresses}
}

/**
 * Reads the parts of a DER certificate that Node 20's X509Certificate does not expose: names as
 * encoded (per string type), extensions with their critical flags, SANs and the signature
 * algorithm. Node has already accepted the certificate; this reading is strict (no trailing bytes,
 * DER lengths) and throws our error type on anything malformed.
 */
export function parseX509Structure(der: Buffer, source: string): X509Structure {
  try {
    const [tbs, sigAlg] = expectTag(readDer(der), UniversalTag.sequence, 'Certificate').children
    const tbsParts = expectTag(tbs, UniversalTag.sequence, 'TBSCertificate').children
    // version is an optional [0] EXPLICIT; skip it when present
    const offset = tbsParts[0]?.tagClass === TagClass.context ? 1 : 0
    const issuerNode = expectTag(tbsParts[offset + 2], UniversalTag.sequence, 'issuer')
    const subjectNode = expectTag(tbsParts[offset + 4], UniversalTag.sequence, 'subject')
    const extNode = tbsParts.find((p) => p.tagClass === TagClass.context && p.tag === 3)
    const sigOid = expectTag(expectTag(sigAlg, UniversalTag.sequence, 'signatureAlgorithm').children[0], UniversalTag.oid, 'algorithm')
    const signatureAlgorithmOid = decodeOid(sigOid.contents)
    const extensions = parseExtensions(extNode)
    const san = parseSubjectAltName(extensions.find((e) => e.oid === '2.5.29.17'))
    return {
      extensions,
      issuer: parseName(issuerNode),
      issuerDer: issuerNode.encoded.toString('latin1'),
      signatureAlgorithm: SIGNATURE_ALGORITHMS[signatureAlgorithmOid] ?? signatureAlgorithmOid,
      signatureAlgorithmOid,
      subject: parseName(subjectNode),
      subjectDer: subjectNode.encoded.toString('latin1'),
      ...san,
    }
  } catch (error) {
    throw inputError(`${source}: the certificate's ASN.1 structure is malformed.`, 'CERT_MALFORMED', 'Export the certificate again from your certificate authority.', {
      reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
    })
  }
}
