import {type Asn1, asn1, fromDer} from './asn1.js'

import {inputError} from '../sni-error.js'

/** One relative distinguished name attribute, decoded per its ASN.1 string type. */
export interface NameAttribute {
  oid: string
  shortName: string
  value: string
}

export interface RawExtension {
  oid: string
  critical: boolean
  /** DER of the extnValue contents (forge binary string). */
  value: string
}

/** The parts of an X.509 certificate that Node's X509Certificate does not expose on Node 20. */
export interface X509Structure {
  signatureAlgorithmOid: string
  signatureAlgorithm: string
  issuer: NameAttribute[]
  subject: NameAttribute[]
  /** DER bytes of the issuer and subject Names, for exact comparison. */
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

const T = asn1.Type


function decodeString(node: Asn1): string {
  const raw = typeof node.value === 'string' ? node.value : ''
  const bytes = Buffer.from(raw, 'binary')
  switch (node.type as number) {
    case T.UTF8: {
      return bytes.toString('utf8') // invalid sequences become U+FFFD
    }

    case T.BMPSTRING: {
      const swapped = Buffer.from(bytes)
      if (swapped.length % 2 === 0) swapped.swap16()
      return swapped.toString('utf16le')
    }

    case 28: {
      // UniversalString: UTF-32BE
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

function children(node: Asn1 | undefined): Asn1[] {
  return node && Array.isArray(node.value) ? (node.value as Asn1[]) : []
}

function parseName(node: Asn1 | undefined): NameAttribute[] {
  const out: NameAttribute[] = []
  for (const rdn of children(node)) {
    for (const atv of children(rdn)) {
      const [oidNode, valueNode] = children(atv)
      if (!oidNode || !valueNode) continue
      const oid = asn1.derToOid(oidNode.value as string)
      out.push({oid, shortName: NAME_OIDS[oid] ?? oid, value: decodeString(valueNode)})
    }
  }

  return out
}

function parseExtensions(node: Asn1 | undefined): RawExtension[] {
  // node is the [3] EXPLICIT wrapper around SEQUENCE OF Extension
  const list = children(children(node)[0])
  return list.map((ext) => {
    const parts = children(ext)
    const oid = asn1.derToOid((parts[0]?.value as string) ?? '')
    const critical = parts.length === 3 && parts[1]?.type === T.BOOLEAN && parts[1].value === '\u00ff'
    const valueNode = parts.at(-1)
    return {critical, oid, value: typeof valueNode?.value === 'string' ? valueNode.value : ''}
  })
}

function parseSubjectAltName(ext: RawExtension | undefined): {dnsNames: string[]; ipAddresses: string[]} {
  const dnsNames: string[] = []
  const ipAddresses: string[] = []
  if (!ext) return {dnsNames, ipAddresses}
  const seq = fromDer(ext.value, {strict: true})
  for (const gn of children(seq)) {
    if (gn.tagClass !== asn1.Class.CONTEXT_SPECIFIC || typeof gn.value !== 'string') continue
    if (gn.type === 2) dnsNames.push(Buffer.from(gn.value, 'binary').toString('latin1').toLowerCase())
    if (gn.type === 7) {
      const bytes = Buffer.from(gn.value, 'binary')
      if (bytes.length === 4) ipAddresses.push([...bytes].join('.'))
      else if (bytes.length === 16) ipAddresses.push((bytes.toString('hex').match(/.{4}/g) ?? []).join(':'))
    }
  }

  return {dnsNames, ipAddresses}
}

/**
 * Reads the ASN.1 structure of a DER certificate with forge's ASN.1 decoder (which, unlike forge's
 * X.509 layer, works for every key type). Node has already accepted the certificate; this only
 * extracts what Node 20 does not expose. Throws our error type on anything malformed.
 */
export function parseX509Structure(der: Buffer, source: string): X509Structure {
  try {
    const cert = fromDer(der.toString('binary'), {strict: true, parseAllBytes: true, decodeBitStrings: false})
    const [tbs, sigAlg] = children(cert)
    const tbsParts = children(tbs)
    // version is an optional [0] EXPLICIT; skip it when present
    const offset = tbsParts[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0
    const issuerNode = tbsParts[offset + 2]
    const subjectNode = tbsParts[offset + 4]
    const extNode = tbsParts.find((p) => p.tagClass === asn1.Class.CONTEXT_SPECIFIC && p.type === 3)
    const sigOidNode = children(sigAlg)[0]
    const signatureAlgorithmOid = asn1.derToOid((sigOidNode?.value as string) ?? '')
    const extensions = parseExtensions(extNode)
    const san = parseSubjectAltName(extensions.find((e) => e.oid === '2.5.29.17'))
    return {
      extensions,
      issuer: parseName(issuerNode),
      issuerDer: issuerNode ? asn1.toDer(issuerNode).getBytes() : '',
      signatureAlgorithm: SIGNATURE_ALGORITHMS[signatureAlgorithmOid] ?? signatureAlgorithmOid,
      signatureAlgorithmOid,
      subject: parseName(subjectNode),
      subjectDer: subjectNode ? asn1.toDer(subjectNode).getBytes() : '',
      ...san,
    }
  } catch (error) {
    throw inputError(`${source}: the certificate's ASN.1 structure is malformed.`, 'CERT_MALFORMED', 'Export the certificate again from your certificate authority.', {
      reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
    })
  }
}
