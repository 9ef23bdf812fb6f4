import type {Domain} from '../models.js'
import {cliCommand} from '../cli-command.js'
import {dnsRecordType} from '../domain-association.js'

/** `acm_status` values after which Heroku's `--wait` stops: the certificate is there, or ACM gave up. */
const SETTLED = new Set(['cert issued', 'failed'])

/**
 * Heroku's words for `acm_status` (the `certs:auto` Status column): null is `Waiting`, `ok` is
 * `OK`, `failed` `Failed`, `verified` `In Progress`, `dns-verified` `DNS Verified`; anything else is
 * title-cased word by word on `-` (`cert issued` -> `Cert issued`, as Heroku's code does).
 */
export function humanizeAcmStatus(status: string | null): string {
  if (!status) return 'Waiting'
  const fixed: Record<string, string> = {
    'dns-verified': 'DNS Verified',
    failed: 'Failed',
    ok: 'OK',
    verified: 'In Progress',
  }
  if (fixed[status] !== undefined) return fixed[status]
  return status
    .split('-')
    .map((word) => word.replace(/^[a-z]/, (letter) => letter.toUpperCase()))
    .join(' ')
}

/**
 * Issued or given up: what `--wait` waits for, per domain. A domain ACM does not manage (no status,
 * but a reason: a manually uploaded certificate serves it) has nothing to wait for either.
 */
export function isAcmSettled(status: string | null, reason: string | null = null): boolean {
  return status === null ? reason !== null : SETTLED.has(status)
}

export function customDomains(domains: Domain[]): Domain[] {
  return domains.filter((d) => d.kind === 'custom')
}

/** The DNS change that lets the CA (and browsers) reach the platform for a domain. */
export interface DnsFix {
  hostname: string
  /** `CNAME`, or `ALIAS or ANAME` for an apex domain. */
  recordType: string
  /** The domain's DNS target; null when the platform has not assigned one yet. */
  target: string | null
}

export function dnsFixFor(domain: Pick<Domain, 'cname' | 'hostname'>): DnsFix {
  return {hostname: domain.hostname, recordType: dnsRecordType(domain.hostname), target: domain.cname}
}

/** `Point www.example.com at TARGET with a CNAME record.` (or ALIAS or ANAME for an apex). */
export function renderDnsFix(fix: DnsFix, app: string): string {
  if (fix.target === null)
    return `${fix.hostname} has no DNS target yet; run \`${cliCommand('domains:info', fix.hostname, '--app', app)}\` in a minute to see it.`
  const article = fix.recordType === 'CNAME' ? 'a' : 'an'
  return `point ${fix.hostname} at ${fix.target} with ${article} ${fix.recordType} record`
}
