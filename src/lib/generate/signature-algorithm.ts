import {sign} from 'node:crypto'
import {type Asn1, asn1} from '../x509/asn1.js'

import type {GeneratedKeyPair} from './generate-key-pair.js'
import type {KeySpec} from './key-spec.js'

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2'
const ECDSA_WITH_SHA384 = '1.2.840.10045.4.3.3'

/** The AlgorithmIdentifier for the key's signatures: RSA carries NULL parameters, ECDSA none (RFC 5758). */
export function encodeSignatureAlgorithm(spec: KeySpec): Asn1 {
  const {Class, Type, create, oidToDer} = asn1
  const oid = spec.keyType === 'rsa' ? SHA256_WITH_RSA : spec.hash === 'sha384' ? ECDSA_WITH_SHA384 : ECDSA_WITH_SHA256
  const parts = [create(Class.UNIVERSAL, Type.OID, false, oidToDer(oid).getBytes())]
  if (spec.keyType === 'rsa') parts.push(create(Class.UNIVERSAL, Type.NULL, false, ''))
  return create(Class.UNIVERSAL, Type.SEQUENCE, true, parts)
}

/**
 * Signs the DER to-be-signed bytes and returns the BIT STRING that closes a CSR or certificate.
 * RSA uses PKCS#1 v1.5; Node's ECDSA signatures are already the DER Ecdsa-Sig-Value X.509 wants.
 */
export function encodeSignature(tbsDer: Buffer, keyPair: GeneratedKeyPair): Asn1 {
  const signature = sign(keyPair.spec.hash, tbsDer, keyPair.privateKey)
  const {Class, Type, create} = asn1
  // leading 0x00: no unused bits in the final byte
  return create(Class.UNIVERSAL, Type.BITSTRING, false, '\u0000' + signature.toString('binary'))
}
