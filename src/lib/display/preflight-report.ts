import {describeHostname} from '../display-text.js'
import {formatKeyType} from '../x509/public-key-info.js'
import type {CertificateSummary, KeyType, TrustVerdict, Verdict} from '../x509/types.js'
import {formatDate} from '../dates.js'
import type {PreflightResult} from '../preflight/run-preflight.js'
import {renderCertificateDetails} from './certificate-details.js'

/** The JSON shape of `certs:inspect` (stable; see README). Never holds key material. */
export interface PreflightReport {
  ok: boolean
  leaf: CertificateSummary
  chain: CertificateSummary[]
  droppedRoot?: CertificateSummary
  key?: {bits?: number; curve?: string; matches: boolean; spkiSha256: string; type: KeyType}
  trust: TrustVerdict
  /** Would a browser accept this chain for the `--hostname` names at the `--at` time (default now)? */
  verdict: Verdict
  findings: PreflightResult['findings']
}

export function toPreflightReport(result: PreflightResult): PreflightReport {
  const report: PreflightReport = {
    chain: result.chain,
    findings: result.findings,
    leaf: result.leaf,
    ok: result.ok,
    trust: result.trust,
    verdict: result.verdict,
  }
  if (result.droppedRoot) report.droppedRoot = result.droppedRoot
  if (result.key) {
    const {info} = result.key
    report.key = {
      matches: info.spkiSha256 === result.leaf.publicKey.spkiSha256,
      spkiSha256: info.spkiSha256,
      type: info.type,
      ...(info.bits === undefined ? {} : {bits: info.bits}),
      ...(info.curve === undefined ? {} : {curve: info.curve}),
    }
  }

  return report
}

const TRUST_LINES: Record<TrustVerdict, string> = {
  'self-signed': 'Trust: self-signed (browsers will warn; fine for staging)',
  trusted: 'Trust: trusted (chains to a root in the trust store)',
  untrusted: 'Trust: untrusted (does not chain to a known root)',
}

/** The human view of a pre-flight: Heroku's details block, then the chain, the key, the trust status and the verdict. */
export function renderPreflightReport(report: PreflightReport): string {
  const {leaf} = report
  const details = renderCertificateDetails({
    caSigned: report.trust === 'trusted',
    certDomains: leaf.dnsNames,
    expiresAt: leaf.notAfter,
    issuer: leaf.issuer,
    startsAt: leaf.notBefore,
    subject: leaf.subject,
  })
  const chain = report.chain.map(
    (c, i) =>
      `  ${i + 1}. ${c.subject} (${formatKeyType(c.publicKey)}, ${c.signatureAlgorithm}, expires ${formatDate(c.notAfter)})`,
  )
  if (report.droppedRoot) chain.push(`  root left out: ${report.droppedRoot.subject}`)
  const lines = [details, '', 'Chain (leaf first):', ...chain]
  if (report.key) {
    const match = report.key.matches ? 'matches the certificate' : 'does NOT match the certificate'
    lines.push(`Private key: ${formatKeyType(report.key)}, ${match} (SPKI SHA-256 ${report.key.spkiSha256})`)
  }

  lines.push(TRUST_LINES[report.trust], renderVerdict(report.verdict))
  return lines.join('\n')
}

/**
 * `Verdict: a browser would accept this chain for www.example.com at 2026-03-01 00:00 UTC: yes, because ...`,
 * or `: no, because:` and one reason per line with its code.
 */
export function renderVerdict(verdict: Verdict): string {
  // minutes, as elsewhere; seconds only when an explicit --at has them
  const at = /:00\.\d{3}Z$|\.\d{2}[1-9]Z$|\.\d[1-9]\dZ$|\.[1-9]\d{2}Z$/.test(verdict.at)
    ? formatDate(verdict.at)
    : `${verdict.at.slice(0, 10)} ${verdict.at.slice(11, 19)} UTC`
  const names =
    verdict.hostnames.length > 0 ? ` for ${verdict.hostnames.map((h) => describeHostname(h)).join(', ')}` : ''
  const unchecked = verdict.hostnames.length > 0 ? '' : ' (no --hostname given, so names are not checked)'
  const question = `Verdict: a browser would accept this chain${names} at ${at}${unchecked}`
  if (verdict.accepted) return `${question}: yes, because ${verdict.reasons.map((r) => r.message).join(' ')}`
  return [`${question}: no, because:`, ...verdict.reasons.map((r) => `  - ${r.message} (${r.code})`)].join('\n')
}
