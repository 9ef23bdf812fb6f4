import type {SniEndpoint, SslCert} from '../../lib/models.js'

/** Columns every endpoint read selects, in this order (rows are read raw, as arrays, for speed). */
export const ENDPOINT_COLUMNS = 'e.pk, e.id, e.name, e.display_name, e.chain_pk, e.ssl_cert, e.created_at, e.updated_at'

export type EndpointRow = [
  pk: number,
  id: string,
  name: string,
  displayName: string | null,
  chainPk: number,
  sslCert: string,
  createdAt: string,
  updatedAt: string,
]

/** The stored form of the computed certificate details. */
export function serializeSslCert(cert: SslCert): string {
  return JSON.stringify(cert)
}

export function toSniEndpoint(
  row: EndpointRow,
  app: {id: string; name: string},
  domainIds: string[],
  certificateChain: string,
): SniEndpoint {
  const [, id, name, displayName, , sslCert, createdAt, updatedAt] = row
  return {
    app: {id: app.id, name: app.name},
    certificateChain,
    createdAt,
    displayName,
    domainIds,
    id,
    name,
    sslCert: JSON.parse(sslCert) as SslCert,
    updatedAt,
  }
}
