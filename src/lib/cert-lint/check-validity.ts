import type {Finding, ParsedCertificate} from '../x509/types.js'
import {describeCertificate} from '../x509/parse-certificate.js'
import {formatDate} from '../dates.js'

/** Clocks disagree; a certificate issued a minute ago must not be "not yet valid". */
export const CLOCK_SKEW_MS = 5 * 60 * 1000

const DAY_MS = 24 * 60 * 60 * 1000

/** CA/B Forum maximum validity (SC-081v3) for a certificate issued at `notBefore`, in days. */
export function maxValidityDays(notBefore: Date): number {
  const t = notBefore.getTime()
  if (t >= Date.UTC(2029, 2, 15)) return 47
  if (t >= Date.UTC(2027, 2, 15)) return 100
  if (t >= Date.UTC(2026, 2, 15)) return 200
  return 398
}

export interface ValidityOptions {
  /** Tolerance for clock differences; CLOCK_SKEW_MS when judging the current time, 0 for an explicit `--at`. */
  skewMs?: number
}

/**
 * RFC 5280 §4.1.2.5: valid from notBefore through notAfter, both inclusive, at whole seconds (the
 * encodings have no fractions, so the time judged is floored: 00:00:00.005 is still 00:00:00).
 */
function wholeSeconds(time: Date): number {
  return Math.floor(time.getTime() / 1000) * 1000
}

export function isExpired(cert: ParsedCertificate, now: Date, options: ValidityOptions = {}): boolean {
  return new Date(cert.summary.notAfter).getTime() + (options.skewMs ?? CLOCK_SKEW_MS) < wholeSeconds(now)
}

export function isNotYetValid(cert: ParsedCertificate, now: Date, options: ValidityOptions = {}): boolean {
  return new Date(cert.summary.notBefore).getTime() - (options.skewMs ?? CLOCK_SKEW_MS) > wholeSeconds(now)
}

/**
 * An issuing certificate (intermediate or trust anchor) outside its validity period at `now`:
 * clients refuse the chain through it.
 */
export function checkIssuerValidity(
  cert: ParsedCertificate,
  role: 'anchor' | 'intermediate',
  now: Date,
  options: ValidityOptions = {},
): Finding[] {
  const expired = isExpired(cert, now, options)
  if (!expired && !isNotYetValid(cert, now, options)) return []
  const when = expired
    ? `expired on ${formatDate(cert.summary.notAfter)}`
    : `is not valid until ${formatDate(cert.summary.notBefore)}`
  return role === 'intermediate'
    ? [
        {
          code: 'INTERMEDIATE_EXPIRED',
          hint: 'Download the current intermediate certificate from your certificate authority.',
          message: `${describeCertificate(cert)} is an intermediate that ${when}.`,
          severity: 'error',
        },
      ]
    : [
        {
          code: 'ROOT_EXPIRED',
          hint: 'Get the current root certificate of your certificate authority (and pass it with --ca).',
          message: `${describeCertificate(cert)} is a trust anchor that ${when}, so clients refuse the chain.`,
          severity: 'error',
        },
      ]
}

/** The leaf's validity period: expired, not yet valid, inverted, or longer than browsers accept. */
export function checkValidity(cert: ParsedCertificate, now: Date, options: ValidityOptions = {}): Finding[] {
  const name = describeCertificate(cert)
  const notBefore = new Date(cert.summary.notBefore)
  const notAfter = new Date(cert.summary.notAfter)
  const renew = 'Renew the certificate with your certificate authority and use the new one.'
  if (notBefore > notAfter) {
    return [
      {
        code: 'CERT_VALIDITY_INVERTED',
        hint: 'Ask your certificate authority to reissue the certificate.',
        message: `${name} is never valid: it starts ${formatDate(notBefore)}, after it ends ${formatDate(notAfter)}.`,
        severity: 'error',
      },
    ]
  }

  const findings: Finding[] = []
  if (isExpired(cert, now, options)) {
    findings.push({
      code: 'CERT_EXPIRED',
      hint: renew,
      message: `${name} expired on ${formatDate(notAfter)}.`,
      severity: 'error',
    })
  }

  if (isNotYetValid(cert, now, options)) {
    findings.push({
      code: 'CERT_NOT_YET_VALID',
      hint: "Wait until then, or check this computer's clock.",
      message: `${name} is not valid until ${formatDate(notBefore)}.`,
      severity: 'error',
    })
  }

  const days = (notAfter.getTime() - notBefore.getTime()) / DAY_MS
  const limit = maxValidityDays(notBefore)
  if (days > limit) {
    findings.push({
      code: 'CERT_VALIDITY_TOO_LONG',
      hint: 'Browsers may reject it; renew with a shorter validity period.',
      message: `${name} is valid for ${Math.floor(days)} days, longer than the ${limit} days publicly trusted certificates issued then may have.`,
      severity: 'warning',
    })
  }

  return findings
}
