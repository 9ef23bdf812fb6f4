import {customDomains, dnsFixFor, humanizeAcmStatus, renderDnsFix} from '../acm/acm-status.js'
import {herokuRenewalAt, localRenewalAt} from '../acm/renewal-schedule.js'
import type {AcmSettings, Domain, PlatformKind, SniEndpoint, SslCert} from '../models.js'
import {type SslCertJson, toSslCertJson} from './sni-endpoint-json.js'

/** One custom domain in `certs:auto` (schema: schemas/certs-auto.json). */
export interface AcmDomainStatus {
  hostname: string
  /** The platform's value (Heroku's words): null, `pending`, `verified`, `cert issued`, `failing`, `failed`, ... */
  acmStatus: string | null
  acmStatusReason: string | null
  /** As Heroku's certs:auto shows it: `Waiting`, `In Progress`, `Cert issued`, `Failed`, ... */
  status: string
  dnsTarget: string | null
  dnsRecordType: string
  updatedAt: string
  /** For a failed or failing domain: the change that lets the CA validate it. */
  fix: string | null
}

export interface AcmCertificate {
  name: string
  sslCert: SslCert | null
  domains: string[]
  /** When the platform renews it (local: two thirds of its lifetime; Heroku: a month before expiry). */
  renewsAt: string | null
}

export interface AcmStatusResult {
  app: string
  enabled: boolean
  /** Local platform: how certificates are obtained. */
  settings?: AcmSettings
  certificates: AcmCertificate[]
  domains: AcmDomainStatus[]
  /** Set by --wait. */
  wait?: AcmWaitOutcome
}

/** `certs:auto --json`: the status with each certificate as Heroku's `ssl_cert` object (schemas/certs-auto.json). */
export type AcmStatusJson = Omit<AcmStatusResult, 'certificates'> & {certificates: AcmCertificateJson[]}

/** A certificate of `certs:auto --json`: Heroku's `ssl_cert`, and what sni adds beside it. */
export type AcmCertificateJson = Omit<AcmCertificate, 'sslCert'> & {
  sslCert: SslCertJson | null
  fingerprint256?: string
  keyType?: string
}

/** The output edge of certs:auto, certs:auto:enable and certs:auto:refresh. */
export function toAcmStatusJson(status: AcmStatusResult): AcmStatusJson {
  const certificates = status.certificates.map((c): AcmCertificateJson => {
    const json: AcmCertificateJson = {...c, sslCert: toSslCertJson(c.sslCert)}
    if (c.sslCert?.fingerprint256 !== undefined) json.fingerprint256 = c.sslCert.fingerprint256
    if (c.sslCert?.keyType !== undefined) json.keyType = c.sslCert.keyType
    return json
  })
  return {...status, certificates}
}

export interface AcmWaitOutcome {
  /** Every domain settled: its certificate issued, or ACM gave up on it. */
  done: boolean
  timedOut: boolean
  seconds: number
  pending: string[]
  failed: string[]
}

/** When an ACM certificate renews: the local rule or Heroku's. */
export function acmRenewalAt(kind: PlatformKind, sslCert: SslCert | null): Date | undefined {
  if (!sslCert) return undefined
  return kind === 'local' ? localRenewalAt(sslCert.startsAt, sslCert.expiresAt) : herokuRenewalAt(sslCert.expiresAt)
}

function fixFor(domain: Domain, app: string, settings: AcmSettings | undefined): string | null {
  if (domain.acmStatus !== 'failed' && domain.acmStatus !== 'failing') return null
  if (settings?.challenge === 'dns-01' || domain.hostname.startsWith('*.')) {
    return `make the DNS hook publish the TXT record _acme-challenge.${domain.hostname.replace(/^\*\./, '')} (and return only once it is visible)`
  }

  return renderDnsFix(dnsFixFor(domain), app)
}

/** The `certs:auto` view of an app from what the platform returned. */
export function buildAcmStatus(
  kind: PlatformKind,
  app: string,
  acm: {enabled: boolean; settings?: AcmSettings},
  endpoints: SniEndpoint[],
  domains: Domain[],
): AcmStatusResult {
  const certificates = endpoints
    .filter((e) => e.sslCert?.acm === true)
    .map((e) => ({
      domains: domains.filter((d) => d.sniEndpoint?.id === e.id).map((d) => d.hostname),
      name: e.name,
      renewsAt: acmRenewalAt(kind, e.sslCert)?.toISOString() ?? null,
      sslCert: e.sslCert,
    }))
  return {
    app,
    certificates,
    domains: customDomains(domains).map((d) => ({
      acmStatus: d.acmStatus,
      acmStatusReason: d.acmStatusReason ?? null,
      dnsRecordType: dnsFixFor(d).recordType,
      dnsTarget: d.cname,
      fix: fixFor(d, app, acm.settings),
      hostname: d.hostname,
      status: humanizeAcmStatus(d.acmStatus),
      updatedAt: d.updatedAt,
    })),
    enabled: acm.enabled,
    ...(acm.settings ? {settings: acm.settings} : {}),
  }
}
