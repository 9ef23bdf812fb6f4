import type {Domain} from '../models.js'

/**
 * A domain as `--json` prints it: the Heroku Platform API's Domain object, key for key and in the API's
 * (alphabetical) order, so `sni domains --json` prints what `heroku domains --json` prints for the same
 * data. Fields a platform does not know are what Heroku sends when it has none: null.
 * Schema: schemas/defs.json#/$defs/domain.
 */
export interface DomainJson {
  acm_status: string | null
  acm_status_reason: string | null
  app: {id: string | null; name: string}
  cname: string | null
  created_at: string
  hostname: string
  id: string
  kind: 'custom' | 'heroku'
  sni_endpoint: {id: string; name: string} | null
  status: string
  updated_at: string
}

/** The output edge for domains: our camelCase model to Heroku's snake_case object. */
export function toDomainJson(domain: Domain): DomainJson {
  return {
    acm_status: domain.acmStatus,
    acm_status_reason: domain.acmStatusReason,
    app: {id: domain.app.id ?? null, name: domain.app.name},
    cname: domain.cname,
    created_at: domain.createdAt,
    hostname: domain.hostname,
    id: domain.id,
    kind: domain.kind,
    sni_endpoint: domain.sniEndpoint ? {id: domain.sniEndpoint.id, name: domain.sniEndpoint.name} : null,
    status: domain.status,
    updated_at: domain.updatedAt,
  }
}
