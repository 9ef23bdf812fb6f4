/**
 * Heroku Platform API JSON, as the adapter receives it (snake_case, `'ca_signed?'`). Private to the
 * Heroku adapter: everything else sees the camelCase models of ../models.ts. Every field is optional
 * or nullable because the adapter must tolerate partial bodies (`ssl_cert: {}`, a missing chain).
 */

export interface WireSslCert {
  acm?: boolean | null
  'ca_signed?'?: boolean | null
  cert_domains?: string[] | null
  expires_at?: string | null
  id?: string | null
  issuer?: string | null
  'self_signed?'?: boolean | null
  starts_at?: string | null
  subject?: string | null
}

export interface WireSniEndpoint {
  app?: {id?: string | null; name?: string | null} | null
  certificate_chain?: string | null
  created_at?: string | null
  display_name?: string | null
  /** Domain ids (UUIDs), not hostnames. */
  domains?: string[] | null
  id: string
  name: string
  ssl_cert?: WireSslCert | null
  updated_at?: string | null
}

export interface WireDomain {
  acm_status?: string | null
  acm_status_reason?: string | null
  app?: {id?: string | null; name?: string | null} | null
  cname?: string | null
  created_at?: string | null
  hostname: string
  id: string
  kind?: string | null
  sni_endpoint?: {id?: string | null; name?: string | null} | null
  status?: string | null
  updated_at?: string | null
}

/** `POST`/`PATCH /apps/{app}/sni-endpoints[/{name}]`. */
export interface WireCertificateBody {
  certificate_chain: string
  private_key: string
}

/** `PATCH /apps/{app}/domains/{hostname}`. */
export interface WireDomainUpdateBody {
  sni_endpoint: string | null
}

/** `POST /apps/{app}/domains`: both keys are required by the API (since 2021-11-01). */
export interface WireDomainCreateBody {
  hostname: string
  sni_endpoint: string | null
}

/** `GET /apps/{app}` and the ACM calls' answer: only what sni reads of Heroku's App. */
export interface WireApp {
  acm?: boolean | null
  id?: string | null
  name?: string | null
}

/** `PATCH /apps/{app}/acm`. */
export interface WireAcmRefreshBody {
  acm_refresh: true
}
