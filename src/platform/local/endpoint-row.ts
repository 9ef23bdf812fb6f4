import type {SniEndpoint, SslCert} from '../models.js'

/** Columns every endpoint read selects; never `private_keys`, which is a separate table. */
export const ENDPOINT_COLUMNS = `e.pk, e.id, e.name, e.display_name, e.certificate_chain, e.cert_domains, e.expires_at,
  e.starts_at, e.issuer, e.subject, e.ca_signed, e.self_signed, e.acm, e.fingerprint256, e.key_type, e.created_at, e.updated_at`

export interface EndpointRow {
  pk: number
  id: string
  name: string
  display_name: string | null
  certificate_chain: string
  cert_domains: string
  expires_at: string | null
  starts_at: string | null
  issuer: string | null
  subject: string | null
  ca_signed: number
  self_signed: number
  acm: number
  fingerprint256: string | null
  key_type: string | null
  created_at: string
  updated_at: string
}

/** The ssl_cert columns of an endpoint row, in insert/update parameter form. */
export function toSslCertColumns(cert: SslCert): Record<string, number | string | null> {
  return {
    acm: cert.acm ? 1 : 0,
    ca_signed: cert.caSigned ? 1 : 0,
    cert_domains: JSON.stringify(cert.certDomains),
    expires_at: cert.expiresAt ?? null,
    fingerprint256: cert.fingerprint256 ?? null,
    issuer: cert.issuer ?? null,
    key_type: cert.keyType ?? null,
    self_signed: cert.selfSigned ? 1 : 0,
    starts_at: cert.startsAt ?? null,
    subject: cert.subject ?? null,
  }
}

function toSslCert(row: EndpointRow): SslCert {
  const cert: SslCert = {
    acm: row.acm === 1,
    caSigned: row.ca_signed === 1,
    certDomains: JSON.parse(row.cert_domains) as string[],
    selfSigned: row.self_signed === 1,
  }
  if (row.expires_at !== null) cert.expiresAt = row.expires_at
  if (row.starts_at !== null) cert.startsAt = row.starts_at
  if (row.issuer !== null) cert.issuer = row.issuer
  if (row.subject !== null) cert.subject = row.subject
  if (row.fingerprint256 !== null) cert.fingerprint256 = row.fingerprint256
  if (row.key_type !== null) cert.keyType = row.key_type
  return cert
}

export function toSniEndpoint(row: EndpointRow, app: {id: string; name: string}, domains: string[]): SniEndpoint {
  return {
    app: {id: app.id, name: app.name},
    certificateChain: row.certificate_chain,
    createdAt: row.created_at,
    displayName: row.display_name,
    domains,
    id: row.id,
    name: row.name,
    sslCert: toSslCert(row),
    updatedAt: row.updated_at,
  }
}
