import {createHash, createPublicKey, type KeyObject} from 'node:crypto'

import type {KeyType, PublicKeyInfo} from './types.js'

const CURVE_BITS: Record<string, number> = {prime256v1: 256, secp256k1: 256, secp384r1: 384, secp521r1: 521}

function keyTypeOf(key: KeyObject): KeyType {
  switch (key.asymmetricKeyType) {
    case 'dsa': {
      return 'dsa'
    }

    case 'ec': {
      return 'ecdsa'
    }

    case 'ed448': {
      return 'ed448'
    }

    case 'ed25519': {
      return 'ed25519'
    }

    case 'rsa': {
      return 'rsa'
    }

    case 'rsa-pss': {
      return 'rsa-pss'
    }

    default: {
      return 'other'
    }
  }
}

/** A key's type, size, curve and exponent: what formatKeyType and the key policy need, without hashing. */
export function describeKeyShape(key: KeyObject): Omit<PublicKeyInfo, 'spkiSha256'> {
  const details = key.asymmetricKeyDetails ?? {}
  const shape: Omit<PublicKeyInfo, 'spkiSha256'> = {type: keyTypeOf(key)}
  if (details.modulusLength !== undefined) shape.bits = details.modulusLength
  if (details.publicExponent !== undefined) shape.exponent = details.publicExponent.toString()
  if (details.namedCurve !== undefined) {
    shape.curve = details.namedCurve
    shape.bits = CURVE_BITS[details.namedCurve]
  }

  return shape
}

/** Describes a public key, or the public half of a private key. Never touches private material in the output. */
export function describePublicKey(key: KeyObject): PublicKeyInfo {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  const spki = publicKey.export({format: 'der', type: 'spki'})
  return {spkiSha256: createHash('sha256').update(spki).digest('hex'), ...describeKeyShape(publicKey)}
}

/** `RSA 2048`, `ECDSA P-256`, `Ed25519`: how a key type is named in messages and tables. */
export function formatKeyType(info: Pick<PublicKeyInfo, 'algorithm' | 'bits' | 'curve' | 'type'>): string {
  switch (info.type) {
    case 'ecdsa': {
      const curve =
        {prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521'}[info.curve ?? ''] ?? info.curve ?? 'unknown curve'
      return `ECDSA ${curve}`
    }

    case 'ed25519': {
      return 'Ed25519'
    }

    case 'ed448': {
      return 'Ed448'
    }

    case 'rsa': {
      return `RSA ${info.bits ?? '?'}`
    }

    default: {
      return info.algorithm ?? info.type.toUpperCase()
    }
  }
}
