import type {AcmCertificate, AcmStatusResult} from './acm-status-view.js'
import {describeHostname, escapeForDisplay} from '../display-text.js'
import {cliCommand} from '../cli-command.js'
import {renderCertificateDetails} from './certificate-details.js'
import {formatDistance} from './format-distance.js'
import {formatDate} from '../dates.js'
import {renderTextTable} from './text-table.js'

const HEROKU_FAILURE_DOCS =
  'See our documentation at https://devcenter.heroku.com/articles/automated-certificate-management#failure-reasons'

/** Heroku's styled header: `=== text` and a blank line. */
function header(text: string): string {
  return `=== ${text}\n`
}

/** `=== Automatic Certificate Management is enabled on APP` (Heroku's words). */
export function renderAcmHeader(app: string, enabled: boolean): string {
  return header(`Automatic Certificate Management is ${enabled ? 'enabled' : 'disabled'} on ${app}`)
}

/** Heroku's renewal line, shown while the renewal date is still ahead. */
export function renderRenewalLine(renewsAt: string | null, now: Date): string | undefined {
  if (renewsAt === null || Date.parse(renewsAt) <= now.getTime()) return undefined
  return `Renewal scheduled for ${formatDate(renewsAt)}.\n`
}

/**
 * The ACM certificate: Heroku's renewal line and details block when the app has exactly one
 * certificate and it is ACM (Heroku's rule); a table with renewal dates when there are several
 * ACM certificates (the local platform issues one per domain).
 */
function renderCertificates(status: AcmStatusResult, endpointCount: number, now: Date): string[] {
  const [only] = status.certificates
  if (endpointCount === 1 && only && status.certificates.length === 1) {
    const renewal = renderRenewalLine(only.renewsAt, now)
    return [
      ...(renewal ? [renewal] : []),
      `${renderCertificateDetails(only.sslCert ?? {caSigned: false, certDomains: []})}\n`,
    ]
  }

  if (status.certificates.length === 0) return []
  const rows = status.certificates.map((c: AcmCertificate) => [
    c.name,
    (c.sslCert?.certDomains ?? []).map((n) => escapeForDisplay(n)).join(', '),
    formatDate(c.sslCert?.expiresAt),
    c.renewsAt === null ? 'unknown' : formatDate(c.renewsAt),
  ])
  return [`ACM certificates:\n${renderTextTable(['Name', 'Common Name(s)', 'Expires', 'Renewal'], rows)}`]
}

/** Heroku's Domain / Status / [Reason] / Last Updated table of the custom domains. */
export function renderAcmDomainTable(status: AcmStatusResult, now: Date): string {
  const withReason = status.domains.some((d) => d.acmStatusReason)
  const rows = status.domains.map((d) => [
    describeHostname(d.hostname),
    d.status,
    ...(withReason ? [escapeForDisplay(d.acmStatusReason ?? '')] : []),
    formatDistance(new Date(d.updatedAt), now),
  ])
  return renderTextTable(['Domain', 'Status', ...(withReason ? ['Reason'] : []), 'Last Updated'], rows)
}

/**
 * Heroku's footer: how to add a domain, or what to do about failed and failing ones. Its commands are
 * whole (the running CLI, --app; HOSTNAME where Heroku writes <yourdomain.com>) and in backticks.
 */
function renderHint(status: AcmStatusResult, heroku: boolean): string | undefined {
  const docs = heroku ? `\n    ${HEROKU_FAILURE_DOCS}` : ''
  if (status.domains.length === 0)
    return header(
      `Add a custom domain to your app by running: \`${cliCommand('domains:add', 'HOSTNAME', '--app', status.app)}\``,
    )
  if (status.domains.some((d) => d.acmStatus === 'failed')) {
    return header(
      `Some domains failed validation after multiple attempts, retry by running: \`${cliCommand('certs:auto:refresh', '--app', status.app)}\`${docs}`,
    )
  }

  if (status.domains.some((d) => d.acmStatus === 'failing')) {
    return header(
      `Some domains are failing validation, please verify that your DNS matches: \`${cliCommand('domains', '--app', status.app)}\`${docs}`,
    )
  }

  return undefined
}

/** Beyond Heroku: each failed or failing domain with its reason and the change that fixes it. */
export function renderAcmFixes(status: AcmStatusResult): string | undefined {
  const broken = status.domains.filter((d) => d.fix !== null)
  if (broken.length === 0) return undefined
  const lines = ['How to fix:']
  for (const d of broken) {
    lines.push(
      `  ${describeHostname(d.hostname)}: ${escapeForDisplay(d.acmStatusReason ?? 'the CA could not validate it')}`,
      `    fix: ${escapeForDisplay(d.fix ?? '')}`,
    )
  }

  return lines.join('\n')
}

/** The local platform's ACME settings (the DNS hook command itself is never shown). */
export function renderAcmSettings(status: AcmStatusResult): string | undefined {
  const {settings} = status
  if (!settings) return undefined
  const lines = [
    `ACME directory: ${escapeForDisplay(settings.directoryUrl)}`,
    `Challenge:      ${settings.challenge}${settings.dnsHook ? ' (DNS-01 hook configured)' : ''}`,
    `Key type:       ${settings.keyType === 'rsa' ? 'RSA 2048' : 'ECDSA P-256'}`,
  ]
  if (settings.eabKid) lines.push(`EAB key id:     ${escapeForDisplay(settings.eabKid)}`)
  return lines.join('\n')
}

/**
 * `certs:auto` as printed on stdout, with Heroku's spacing (each styled header and the certificate
 * block followed by a blank line; a table ends with one): header, certificate, domain table, footer
 * hint; then what Heroku does not show: the fixes for failed domains and, on the local platform, the
 * ACME settings.
 */
export function renderAcmStatus(
  status: AcmStatusResult,
  options: {endpointCount: number; heroku: boolean; now: Date},
): string {
  const out = [`${renderAcmHeader(status.app, status.enabled)}\n`]
  if (!status.enabled) return out.join('')
  out.push(...renderCertificates(status, options.endpointCount, options.now).map((block) => `${block}\n`))
  const hint = renderHint(status, options.heroku)
  if (status.domains.length > 0) {
    out.push(`${renderAcmDomainTable(status, options.now)}\n`)
    if (hint) out.push('\n')
  }

  if (hint) out.push(`${hint}\n`)
  const extras = [renderAcmFixes(status), renderAcmSettings(status)].filter((e): e is string => e !== undefined)
  for (const extra of extras) out.push(`${extra}\n\n`)
  return out.join('')
}

/**
 * What `certs:add` says before uploading to an ACM-enabled app (Heroku's behaviour): a manual
 * certificate replaces ACM's for each domain associated with it; ACM keeps the others.
 */
export function renderAcmReplacementNotice(app: string, matching: string[]): string {
  const which = matching.length > 0 ? ` (${matching.map((h) => describeHostname(h)).join(', ')} may be)` : ''
  return `Automatic Certificate Management is enabled on ${app}: a certificate you upload replaces ACM's for the domains you associate with it${which}, and ACM stops renewing them; it keeps managing the others.`
}
