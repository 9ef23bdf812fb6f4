import type {KeyObject, X509Certificate} from 'node:crypto'

import type {SecretPem} from './secret-pem.js'

export type KeyType = 'rsa' | 'ecdsa' | 'ed25519' | 'ed448' | 'dsa' | 'rsa-pss' | 'other'

/** What we know of a public key; identical for a certificate's key and the matching private key. */
export interface PublicKeyInfo {
  type: KeyType
  /** RSA modulus length, or the curve's size for ECDSA. */
  bits?: number
  /** ECDSA named curve as Node reports it: `prime256v1`, `secp384r1`, ... */
  curve?: string
  /** RSA public exponent, as a decimal string (it can exceed 2^53). */
  exponent?: string
  /** SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex. Safe to show; identifies the key pair. */
  spkiSha256: string
  /** For `other`: the algorithm (and curve) as the certificate names it, e.g. `ECDSA SM2`, `GOST R 34.10-2012 (256-bit)`. */
  algorithm?: string
}

/** A certificate as shown to users and stored by platforms. Every string is already escaped for display. */
export interface CertificateSummary {
  /** OpenSSL slash form, as Heroku's API returns it: `/C=US/O=Example/CN=www.example.com`. */
  subject: string
  issuer: string
  commonName?: string
  /** subjectAltName dNSName entries, lower-cased, as in the certificate (A-labels). */
  dnsNames: string[]
  ipAddresses: string[]
  /** ISO 8601, UTC. */
  notBefore: string
  notAfter: string
  /** Hex, as encoded (sign shown when negative). */
  serialNumber: string
  /** SHA-256 of the DER certificate, upper-case hex with colons (as `openssl x509 -fingerprint -sha256`). */
  fingerprint256: string
  /** OpenSSL long name, e.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA256`. */
  signatureAlgorithm: string
  publicKey: PublicKeyInfo
  /** basicConstraints CA:TRUE, read from the DER (not OpenSSL's X509_check_ca, which also looks at keyUsage). */
  isCA: boolean
  /** Issuer name equals subject name. */
  selfIssued: boolean
  /** Self-issued and its signature verifies with its own key. */
  selfSigned: boolean
}

/** Where an input came from: the path the user gave, or `-` for stdin. Used in every message. */
export interface InputSource {
  label: string
  data: Buffer
}

export interface ParsedCertificate {
  x509: X509Certificate
  der: Buffer
  summary: CertificateSummary
  /** The file the certificate came from, and its position there (0-based). */
  source: string
  index: number
}

export type PrivateKeyFormat = 'pkcs1' | 'pkcs8' | 'sec1' | 'encrypted-pkcs8' | 'legacy-encrypted' | 'pkcs12'

export interface ParsedPrivateKey {
  keyObject: KeyObject
  /** The decrypted key, normalised to unencrypted PKCS#8 PEM. Never print it. */
  pem: SecretPem
  info: PublicKeyInfo
  format: PrivateKeyFormat
  source: string
}

export type Severity = 'error' | 'warning'

/** One result of a local check. Codes are stable and listed in docs/findings.md. */
export interface Finding {
  code: string
  severity: Severity
  message: string
  hint?: string
}

/** Asked for a passphrase when an encrypted key or PKCS#12 bundle is met; undefined when none can be had. */
export type PassphraseProvider = (source: string) => Promise<string | undefined>

export type TrustVerdict = 'trusted' | 'self-signed' | 'untrusted'

/** One reason of a verdict: the finding code it comes from (or PATH_VALID) and a sentence. */
export interface VerdictReason {
  code: string
  message: string
}

/** "A browser would accept this chain for these names at this time: yes/no, because ..." */
export interface Verdict {
  accepted: boolean
  /** The names judged (`--hostname`), A-label or IP text; empty when none was given (names then go unchecked). */
  hostnames: string[]
  /** The time judged, ISO 8601 UTC. */
  at: string
  /** Why: for yes, the path found; for no, every rule the best path breaks, the trust problem first. */
  reasons: VerdictReason[]
}
