import type {Domain, DomainKind} from '../../lib/models.js'

/** Domain columns joined with the associated endpoint's id and name. */
export const DOMAIN_SELECT = `SELECT d.pk, d.id, d.hostname, d.kind, d.cname, d.status, d.acm_status, d.acm_status_reason, d.created_at,
  d.updated_at, e.id AS endpoint_id, e.name AS endpoint_name
  FROM domains d LEFT JOIN sni_endpoints e ON e.pk = d.sni_endpoint_pk`

export interface DomainRow {
  pk: number
  id: string
  hostname: string
  kind: DomainKind
  cname: string | null
  status: string
  acm_status: string | null
  acm_status_reason: string | null
  created_at: string
  updated_at: string
  endpoint_id: string | null
  endpoint_name: string | null
}

/** A stored domain as the model, with its ACM status and reason (null when there is none, as Heroku sends). */
export function toDomain(row: DomainRow, app: {id: string; name: string}): Domain {
  return {
    acmStatus: row.acm_status,
    acmStatusReason: row.acm_status_reason,
    app: {id: app.id, name: app.name},
    cname: row.cname,
    createdAt: row.created_at,
    hostname: row.hostname,
    id: row.id,
    kind: row.kind,
    sniEndpoint:
      row.endpoint_id !== null && row.endpoint_name !== null ? {id: row.endpoint_id, name: row.endpoint_name} : null,
    status: row.status,
    updatedAt: row.updated_at,
  }
}
