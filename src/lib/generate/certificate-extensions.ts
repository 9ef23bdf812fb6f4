import {createHash} from 'node:crypto'
import {type Asn1, asn1, Class, Type} from '../x509/asn1.js'

import type {GeneratedKeyPair} from './generate-key-pair.js'

const OID = {
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  keyUsage: '2.5.29.15',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
}

function encodeOid(oid: string): Asn1 {
  return asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(oid).getBytes())
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
function encodeExtension(oid: string, critical: boolean, value: Asn1): Asn1 {
  const parts = [encodeOid(oid)]
  if (critical) parts.push(asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, '\u00ff'))
  parts.push(asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, asn1.toDer(value).getBytes()))
  return asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, parts)
}

/**
 * subjectAltName with one dNSName per name (already normalised to ASCII). RFC 5280 requires it
 * critical when the subject is empty, which happens when DOMAIN is too long for a CN.
 */
export function encodeSubjectAltName(dnsNames: readonly string[], subjectIsEmpty: boolean): Asn1 {
  const names = dnsNames.map((n) => asn1.create(Class.CONTEXT_SPECIFIC, 2, false, n))
  return encodeExtension(OID.subjectAltName, subjectIsEmpty, asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, names))
}

/** SHA-1 of the subjectPublicKey bits: RFC 5280 method 1, what OpenSSL and most CAs use. */
function computeKeyIdentifier(keyPair: GeneratedKeyPair): string {
  const bitString = (keyPair.spki.value as Asn1[])[1]?.value as string
  // skip the BIT STRING's unused-bits byte
  return createHash('sha1')
    .update(Buffer.from(bitString.slice(1), 'binary'))
    .digest()
    .toString('binary')
}

/** The extensions of a self-signed server certificate: not a CA, TLS server use only, plus its names. */
export function encodeServerCertificateExtensions(
  keyPair: GeneratedKeyPair,
  dnsNames: readonly string[],
  subjectIsEmpty: boolean,
): Asn1[] {
  // keyUsage named bits: digitalSignature is bit 0 (0x80), keyEncipherment bit 2 (0x20). DER drops
  // trailing zero bits, so the first byte counts the unused ones: 7 for 0x80 alone, 5 for 0xa0.
  const keyUsageBits = keyPair.spec.keyType === 'rsa' ? '\u0005\u00a0' : '\u0007\u0080'
  return [
    encodeExtension(OID.basicConstraints, true, asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [])),
    encodeExtension(OID.keyUsage, true, asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, keyUsageBits)),
    encodeExtension(
      OID.extKeyUsage,
      false,
      asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [encodeOid(OID.serverAuth)]),
    ),
    encodeExtension(
      OID.subjectKeyIdentifier,
      false,
      asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, computeKeyIdentifier(keyPair)),
    ),
    encodeSubjectAltName(dnsNames, subjectIsEmpty),
  ]
}
