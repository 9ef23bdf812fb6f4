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

/** Describes a public key, or the public half of a private key. Never touches private material in the output. */
export function describePublicKey(key: KeyObject): PublicKeyInfo {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  const spki = publicKey.export({format: 'der', type: 'spki'})
  const details = publicKey.asymmetricKeyDetails ?? {}
  const info: PublicKeyInfo = {spkiSha256: createHash('sha256').update(spki).digest('hex'), type: keyTypeOf(publicKey)}
  if (details.modulusLength !== undefined) info.bits = details.modulusLength
  if (details.publicExponent !== undefined) info.exponent = details.publicExponent.toString()
  if (details.namedCurve !== undefined) {
    info.curve = details.namedCurve
    info.bits = CURVE_BITS[details.namedCurve]
  }

  return info
}

/** `RSA 2048`, `ECDSA P-256`, `Ed25519`: how a key type is named in messages and tables. */
export function formatKeyType(info: Pick<PublicKeyInfo, 'bits' | 'curve' | 'type'>): string {
  switch (info.type) {
    case 'ecdsa': {
      const curve = {prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521'}[info.curve ?? ''] ?? info.curve ?? 'unknown curve'
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
      return info.type.toUpperCase()
    }
  }
}
