/**
 * Reads the issuer and subject Name fields out of a DER certificate with a minimal TLV walk. It
 * exists so that the system root store can be indexed by subject without building an
 * X509Certificate for each of its ~140 roots (which costs ~17 ms on every run that needs trust).
 */

interface Tlv {
  /** Offset of the tag byte. */
  start: number
  /** Offset of the contents. */
  body: number
  /** Offset just past the contents. */
  end: number
}

function readTlv(der: Buffer, start: number): Tlv {
  let offset = start + 1
  const first = der[offset++]
  if (first === undefined) throw new RangeError('truncated DER')
  let length = first
  if (first & 0x80) {
    const count = first & 0x7f
    if (count === 0 || count > 4) throw new RangeError('unsupported DER length')
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + (der[offset++] ?? 0)
  }

  if (offset + length > der.length) throw new RangeError('truncated DER')
  return {body: offset, end: offset + length, start}
}

export interface CertificateNames {
  /** Hex of the DER issuer Name. */
  issuer: string
  /** Hex of the DER subject Name. */
  subject: string
}

/** Issuer and subject of a DER certificate as hex strings, for exact name comparison (RFC 5280 binary match). */
export function readCertificateNames(der: Buffer): CertificateNames {
  const tbs = readTlv(der, readTlv(der, 0).body)
  let field = readTlv(der, tbs.body)
  if (der[field.start] === 0xa0) field = readTlv(der, field.end) // optional [0] version
  const signature = readTlv(der, field.end) // field is the serial number
  const issuer = readTlv(der, signature.end)
  const validity = readTlv(der, issuer.end)
  const subject = readTlv(der, validity.end)
  return {
    issuer: der.subarray(issuer.start, issuer.end).toString('hex'),
    subject: der.subarray(subject.start, subject.end).toString('hex'),
  }
}
