import type {Domain, DomainKind} from '../../lib/models.js'
import type {WireDomain} from './wire-types.js'

function toKind(kind: string | null | undefined): DomainKind {
  return kind === 'heroku' ? 'heroku' : 'custom'
}

function optional(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Heroku's Domain as our model. A null `cname` (right after creation, or the app's own domain) stays null. */
export function mapDomain(wire: WireDomain, app: string): Domain {
  const endpoint = wire.sni_endpoint
  const appRef: Domain['app'] = {name: optional(wire.app?.name) ?? app}
  const appId = optional(wire.app?.id)
  if (appId !== undefined) appRef.id = appId
  return {
    acmStatus: wire.acm_status ?? null,
    acmStatusReason:
      typeof wire.acm_status_reason === 'string' && wire.acm_status_reason !== '' ? wire.acm_status_reason : null,
    app: appRef,
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
