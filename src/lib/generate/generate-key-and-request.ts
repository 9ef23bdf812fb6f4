import {formatSlashName} from '../x509/certificate-summary.js'
import type {NameAttribute} from '../x509/x509-structure.js'
import {describePublicKey, formatKeyType} from '../x509/public-key-info.js'
import {SecretPem} from '../x509/secret-pem.js'
import {usageError} from '../sni-error.js'
import {buildCertificationRequestDer} from './certification-request.js'
import {formatPemBlock} from '../x509/pem-blocks.js'
import {generateKeyPair} from './generate-key-pair.js'
import {type KeyRequest, type KeySpec, resolveKeySpec} from './key-spec.js'
import {collectSubjectAltNames} from './subject-alt-names.js'
import {buildSelfSignedCertificateDer} from './self-signed-certificate.js'
import {buildOwnerSubject, type OwnerDetails, parseSlashSubject} from './subject-name.js'

export const DEFAULT_VALIDITY_DAYS = 90
export const MAX_VALIDITY_DAYS = 3650

export interface GenerateOptions extends KeyRequest {
  domain: string
  /** Extra subjectAltName entries; DOMAIN is always included. */
  sans?: readonly string[]
  /** Self-signed certificate instead of a CSR. */
  selfSigned?: boolean
  /** Self-signed validity in days (default 90). */
  days?: number
  /** OpenSSL slash form; wins over `owner`. */
  subject?: string
  owner?: OwnerDetails
  /** The clock, for tests. */
  now?: Date
}

export interface GeneratedRequest {
  /** DOMAIN normalised (lower case, A-labels). */
  domain: string
  /** Every subjectAltName DNS name, DOMAIN first. */
  sans: string[]
  /** The subject in OpenSSL slash form. */
  subject: string
  /** `RSA 2048`, `ECDSA P-256`. */
  keyType: string
  /** Unencrypted PKCS#8. Never print it. */
  privateKeyPem: SecretPem
  csrPem?: string
  certificatePem?: string
}

function resolveDays(days: number | undefined): number {
  const resolved = days ?? DEFAULT_VALIDITY_DAYS
  if (!Number.isInteger(resolved) || resolved < 1 || resolved > MAX_VALIDITY_DAYS) {
    throw usageError(
      `--days ${resolved} is out of range.`,
      'INVALID_DAYS',
      `Give a whole number of days from 1 to ${MAX_VALIDITY_DAYS}.`,
    )
  }

  return resolved
}

/** Everything validated and resolved, before any time is spent generating a key. */
export interface GenerationPlan {
  domain: string
  sans: string[]
  subject: NameAttribute[]
  spec: KeySpec
  /** Set for a self-signed certificate; a CSR otherwise. */
  days?: number
  now?: Date
}

/** Validates names, subject, key choice and validity; throws a usage error naming the bad input. */
export function planGeneration(options: GenerateOptions): GenerationPlan {
  const sans = collectSubjectAltNames(options.domain, options.sans ?? [])
  const domain = sans[0] ?? ''
  const subject =
    options.subject === undefined ? buildOwnerSubject(options.owner ?? {}, domain) : parseSlashSubject(options.subject)
  const plan: GenerationPlan = {domain, now: options.now, sans, spec: resolveKeySpec(options), subject}
  if (options.selfSigned) plan.days = resolveDays(options.days)
  return plan
}

/** Generates the key and signs the CSR (or self-signed certificate) a plan describes. */
export function generateFromPlan(plan: GenerationPlan): GeneratedRequest {
  const keyPair = generateKeyPair(plan.spec)
  const result: GeneratedRequest = {
    domain: plan.domain,
    keyType: formatKeyType(describePublicKey(keyPair.privateKey)),
    privateKeyPem: new SecretPem(keyPair.privateKey.export({format: 'pem', type: 'pkcs8'}).toString()),
    sans: plan.sans,
    subject: formatSlashName(plan.subject),
  }
  if (plan.days === undefined) {
    result.csrPem = formatPemBlock(
      'CERTIFICATE REQUEST',
      buildCertificationRequestDer(keyPair, plan.subject, plan.sans),
    )
  } else {
    const validity = {days: plan.days, now: plan.now}
    result.certificatePem = formatPemBlock(
      'CERTIFICATE',
      buildSelfSignedCertificateDer(keyPair, plan.subject, plan.sans, validity),
    )
  }

  return result
}

/**
 * Generates a private key and either a CSR or a self-signed certificate for DOMAIN (plus extra
 * names), entirely in-process, without spawning openssl.
 */
export function generateKeyAndRequest(options: GenerateOptions): GeneratedRequest {
  return generateFromPlan(planGeneration(options))
}
