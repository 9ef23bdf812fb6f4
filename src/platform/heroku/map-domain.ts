import type {Domain, DomainKind} from '../models.js'
import type {WireDomain} from './wire-types.js'

function toKind(kind: string | null | undefined): DomainKind {
  return kind === 'heroku' ? 'heroku' : 'custom'
}

/** Heroku's Domain as our model. A null `cname` (right after creation, or the app's own domain) stays null. */
export function mapDomain(wire: WireDomain, app: string): Domain {
  const endpoint = wire.sni_endpoint
  return {
    acmStatus: wire.acm_status ?? null,
    acmStatusReason: typeof wire.acm_status_reason === 'string' && wire.acm_status_reason !== '' ? wire.acm_status_reason : null,
    app: {name: typeof wire.app?.name === 'string' && wire.app.name !== '' ? wire.app.name : app},
    cname: typeof wire.cname === 'string' && wire.cname !== '' ? wire.cname : null,
    createdAt: wire.created_at ?? '',
    hostname: wire.hostname,
    id: wire.id,
    kind: toKind(wire.kind),
    sniEndpoint: endpoint && typeof endpoint.name === 'string' ? {id: endpoint.id ?? '', name: endpoint.name} : null,
    status: wire.status ?? 'none',
    updatedAt: wire.updated_at ?? '',
  }
}
