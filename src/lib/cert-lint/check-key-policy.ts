import {formatKeyType} from '../x509/public-key-info.js'
import type {Finding, ParsedCertificate, PublicKeyInfo} from '../x509/types.js'
import {parseX509Structure} from '../x509/x509-structure.js'
import {describeCertificate} from '../x509/parse-certificate.js'

const SUPPORTED = 'RSA 2048-4096 or ECDSA P-256/P-384'
const SUPPORTED_CURVES = new Set(['prime256v1', 'secp384r1'])

export interface KeyPolicyOptions {
  /** How the key is named in messages, e.g. `leaf.crt: the certificate's key`. */
  label: string
  /** Keys larger than 4096 bits become an error. */
  strict?: boolean
}

function checkRsaExponent(key: PublicKeyInfo, label: string): Finding[] {
  if (key.exponent === undefined) return []
  const e = BigInt(key.exponent)
  // e <= 1 and even exponents make no valid RSA key; e = 3 invites low-exponent attacks (BR wants >= 2^16+1).
  if (e <= 1n || e % 2n === 0n || e === 3n) {
    return [
      {
        code: 'KEY_EXPONENT_WEAK',
        hint: 'Generate a new key with the standard exponent 65537 and have the certificate reissued.',
        message: `${label} has the RSA public exponent ${key.exponent}, which is unsafe.`,
        severity: 'error',
      },
    ]
  }

  if (e === 65_537n) return []
  return [
    {
      code: 'KEY_EXPONENT_UNUSUAL',
      hint: 'Some clients reject unusual exponents; prefer 65537 when you next renew.',
      message: `${label} has the RSA public exponent ${key.exponent} instead of 65537.`,
      severity: 'warning',
    },
  ]
}

function checkRsaSize(key: PublicKeyInfo, options: KeyPolicyOptions): Finding[] {
  const bits = key.bits ?? 0
  const hint =
    'Generate a new RSA 2048, 3072 or 4096-bit key (or an ECDSA P-256 key) and have the certificate reissued.'
  if (bits < 2048)
    return [
      {
        code: 'KEY_TOO_SMALL',
        hint,
        message: `${options.label} is RSA ${bits}, smaller than the minimum of 2048 bits.`,
        severity: 'error',
      },
    ]
  if (bits % 8 !== 0)
    return [
      {
        code: 'KEY_SIZE_UNALIGNED',
        hint,
        message: `${options.label} is RSA ${bits}, a size that is not a multiple of 8 bits.`,
        severity: 'error',
      },
    ]
  if (bits > 4096) {
    return [
      {
        code: 'KEY_TOO_LARGE',
        hint,
        message: `${options.label} is RSA ${bits}; platforms commonly accept at most 4096 bits and large keys slow every handshake.`,
        severity: options.strict ? 'error' : 'warning',
      },
    ]
  }

  return []
}

/** Key types and sizes that platforms accept (Google, ACM, CA/B Forum): RSA 2048-4096 and ECDSA P-256/P-384. */
export function checkKeyPolicy(key: PublicKeyInfo, options: KeyPolicyOptions): Finding[] {
  if (key.type === 'rsa') return [...checkRsaSize(key, options), ...checkRsaExponent(key, options.label)]
  if (key.type === 'ecdsa' && SUPPORTED_CURVES.has(key.curve ?? '')) return []
  return [
    {
      code: 'KEY_UNSUPPORTED',
      hint: `Generate a new ${SUPPORTED} key and have the certificate reissued.`,
      message: `${options.label} is ${formatKeyType(key)}, which is not supported; supported keys are ${SUPPORTED}.`,
      severity: 'error',
    },
  ]
}

/** Keys a CA may certify with (Mozilla and Chrome root policies): RSA 2048+ in whole bytes, ECDSA P-256/P-384/P-521. */
const CA_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1'])

function checkCaKeyPolicy(key: PublicKeyInfo, label: string): Finding[] {
  const hint =
    'Clients refuse keys like this on any certificate of the chain; use a certificate authority whose keys are RSA 2048+ or ECDSA P-256/P-384.'
  if (key.type === 'rsa') {
    const bits = key.bits ?? 0
    if (bits < 2048)
      return [
        {
          code: 'KEY_TOO_SMALL',
          hint,
          message: `${label} is RSA ${bits}, smaller than the minimum of 2048 bits.`,
          severity: 'error',
        },
      ]
    if (bits % 8 !== 0)
      return [
        {
          code: 'KEY_SIZE_UNALIGNED',
          hint,
          message: `${label} is RSA ${bits}, a size that is not a multiple of 8 bits.`,
          severity: 'error',
        },
      ]
    return checkRsaExponent(key, label)
  }

  if (key.type === 'ecdsa' && CA_CURVES.has(key.curve ?? '')) return []
  return [
    {
      code: 'KEY_UNSUPPORTED',
      hint,
      message: `${label} is ${formatKeyType(key)}, which clients do not accept for a CA.`,
      severity: 'error',
    },
  ]
}

/**
 * The key policy of one certificate of the path: the leaf gets the platform's policy (checkKeyPolicy),
 * an intermediate or a trust anchor the CA policy. An ECDSA key with explicit curve parameters is
 * refused on either (CA/B Forum 7.1.3.1.2: named curves only), even when the parameters are P-256's.
 */
export function checkCertificateKey(
  cert: ParsedCertificate,
  role: 'anchor' | 'intermediate' | 'leaf',
  strict?: boolean,
): Finding[] {
  const label = role === 'leaf' ? `${cert.source}: the certificate's key` : `${describeCertificate(cert)}: the key`
  if (parseX509Structure(cert.der, cert.source).publicKeyAlgorithm.explicitCurve) {
    return [
      {
        code: 'KEY_EXPLICIT_CURVE',
        hint:
          role === 'leaf'
            ? 'Generate a new key on a named curve (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256) and have the certificate reissued.'
            : 'Clients refuse such keys; use a certificate authority whose keys name their curve.',
        message: `${label} is an ECDSA key with explicit curve parameters instead of a named curve, which clients refuse.`,
        severity: 'error',
      },
    ]
  }

  const key = cert.summary.publicKey
  return role === 'leaf' ? checkKeyPolicy(key, {label, strict}) : checkCaKeyPolicy(key, label)
}
