import {usageError} from '../sni-error.js'

export type GeneratedKeyType = 'ecdsa' | 'rsa'
export type RsaKeySize = 2048 | 3072 | 4096
export type EcdsaCurve = 'p256' | 'p384'

/** What the user asked for; anything left out takes the default (RSA 2048, P-256 for ECDSA). */
export interface KeyRequest {
  keyType?: GeneratedKeyType
  keySize?: number
  curve?: EcdsaCurve
}

/** A fully resolved key choice, with the digest its signatures use. */
export type KeySpec =
  | {keyType: 'ecdsa'; curve: EcdsaCurve; namedCurve: 'prime256v1' | 'secp384r1'; hash: 'sha256' | 'sha384'}
  | {keyType: 'rsa'; keySize: RsaKeySize; hash: 'sha256'}

const RSA_SIZES: readonly number[] = [2048, 3072, 4096]

/** Applies defaults and refuses combinations that make no sense (an RSA size for an ECDSA key). */
export function resolveKeySpec(request: KeyRequest): KeySpec {
  const keyType = request.keyType ?? 'rsa'
  if (keyType === 'rsa') {
    if (request.curve !== undefined) {
      throw usageError(
        '--curve applies only to ECDSA keys.',
        'KEY_SPEC_CONFLICT',
        'Add --key-type ecdsa, or drop --curve.',
      )
    }

    const keySize = request.keySize ?? 2048
    if (!RSA_SIZES.includes(keySize)) {
      throw usageError(`--key-size ${keySize} is not supported.`, 'KEY_SPEC_INVALID', 'Use 2048, 3072 or 4096.')
    }

    return {hash: 'sha256', keySize: keySize as RsaKeySize, keyType}
  }

  if (request.keySize !== undefined) {
    throw usageError(
      '--key-size applies only to RSA keys.',
      'KEY_SPEC_CONFLICT',
      'Use --curve p256 or --curve p384 for ECDSA keys.',
    )
  }

  // P-384 keys sign with SHA-384 so the digest is as strong as the curve (RFC 5480 section 4).
  return (request.curve ?? 'p256') === 'p256'
    ? {curve: 'p256', hash: 'sha256', keyType, namedCurve: 'prime256v1'}
    : {curve: 'p384', hash: 'sha384', keyType, namedCurve: 'secp384r1'}
}
