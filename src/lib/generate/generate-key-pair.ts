import {generateKeyPairSync, type KeyObject} from 'node:crypto'
import {type Asn1, fromDer} from '../x509/asn1.js'

import type {KeySpec} from './key-spec.js'

export interface GeneratedKeyPair {
  spec: KeySpec
  privateKey: KeyObject
  /** SubjectPublicKeyInfo as an ASN.1 node, embedded as is in the CSR or certificate. */
  spki: Asn1
}

/** Generates a fresh key pair in-process (no openssl child, so the key never touches a temp file). */
export function generateKeyPair(spec: KeySpec): GeneratedKeyPair {
  const {privateKey, publicKey} =
    spec.keyType === 'rsa'
      ? generateKeyPairSync('rsa', {modulusLength: spec.keySize, publicExponent: 0x10001})
      : generateKeyPairSync('ec', {namedCurve: spec.namedCurve})
  const spkiDer = publicKey.export({format: 'der', type: 'spki'})
  return {
    privateKey,
    spec,
    spki: fromDer(spkiDer.toString('binary'), {decodeBitStrings: false, parseAllBytes: true, strict: true}),
  }
}
