import {createHash, randomUUID} from 'node:crypto'
import {dirname, join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {cliCommand} from '../../lib/cli-command.js'
import {SecretPem} from '../../lib/x509/secret-pem.js'
import {assertAppName} from '../app-name.js'
import {normalizeHostname as normalizeHostnameArgument} from '../../lib/hostname/normalize-hostname.js'
import {splitCertificateNames, wildcardDomainFor} from '../../lib/hostname/match-hostname.js'
import {
  type AcmState,
  type Domain,
  isPlatformId,
  type ServingMaterial,
  type SniEndpoint,
  type SslCert,
} from '../../lib/models.js'
import type {AcmEnableInput, CertificateInput, DomainInput, PlatformClient} from '../platform-client.js'
import {notFoundError, refusedError} from '../../lib/sni-error.js'
import {LocalAcmStore} from './acm-store.js'
import {pickDnsTarget} from './dns-target.js'
import {DOMAIN_SELECT, type DomainRow, toDomain} from './domain-row.js'
import {ENDPOINT_COLUMNS, type EndpointRow, serializeSslCert, toSniEndpoint} from './endpoint-row.js'
import {pickEndpointName} from './endpoint-name.js'
import {
  inTransaction,
  openStore,
  type OpenStoreOptions,
  prepareStoreDirectory,
  type StoreDatabase,
} from './open-store.js'
import {STORE_FILE_NAME} from './store-location.js'
import {toStoreError} from './store-error.js'

interface AppRow {
  pk: number
  id: string
  name: string
}

/** Certificate parsing (node-forge) is loaded only by the commands that upload. */
async function acceptInput(input: CertificateInput): Promise<SslCert> {
  const {acceptCertificateInput} = await import('./accept-certificate-input.js')
  return acceptCertificateInput(input)
}

/** Heroku's timestamp form: ISO 8601 in UTC, whole seconds. */
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The store's form of a hostname: A-label, lower case; a leading `*.` allowed (wildcard domains). */
function normalizeHostname(hostname: string): string {
  return normalizeHostnameArgument(hostname, {allowWildcard: true, argName: 'Hostname'}).ascii
}

/**
 * The embedded platform: Heroku's SNI endpoint and domain behaviour on a SQLite store. Reads run in
 * a read transaction (one consistent snapshot); writes in BEGIN IMMEDIATE, so concurrent sni
 * processes queue instead of losing updates. Private keys are written, and read back only by
 * `readServingMaterial`.
 */
export class LocalPlatformClient implements PlatformClient {
  readonly kind = 'local' as const
  /** ACM state and the ACM worker's jobs (used by the router). */
  readonly acm: LocalAcmStore
  readonly #db: StoreDatabase
  readonly #path: string
  /** The directory holding the store (SNI_HOME, or its private subdirectory): the router keeps its files there too. */
  readonly directory: string
  readonly #onNotice?: (message: string) => void
  readonly #statements = new Map<string, BetterSqlite3.Statement>()
  #pendingNotices: string[] = []

  constructor(db: StoreDatabase, path: string, onNotice?: (message: string) => void) {
    this.#db = db
    this.#path = path
    this.directory = dirname(path)
    this.#onNotice = onNotice
    this.acm = new LocalAcmStore(db, path)
  }

  async listSniEndpoints(app: string): Promise<SniEndpoint[]> {
    assertAppName(app)
    return this.#read(() => {
      const appRow = this.#requireApp(app)
      const rows = this.#allRaw<EndpointRow>(
        `SELECT ${ENDPOINT_COLUMNS} FROM sni_endpoints e WHERE e.app_pk = ? ORDER BY e.pk`,
        appRow.pk,
      )
      // Each distinct chain once: endpoints sharing a chain share the string.
      const chains = new Map(
        this.#allRaw<[number, string]>(
          `SELECT c.pk, c.pem FROM certificate_chains c WHERE c.pk IN (SELECT chain_pk FROM sni_endpoints WHERE app_pk = ?)`,
          appRow.pk,
        ),
      )
      // One query gives every endpoint's domain ids (creation order, as Heroku lists them): none per endpoint.
      const links = this.#allRaw<[endpointPk: number, id: string]>(
        `SELECT sni_endpoint_pk, id FROM domains WHERE app_pk = ? AND sni_endpoint_pk IS NOT NULL ORDER BY pk`,
        appRow.pk,
      )
      const domainIds = new Map<number, string[]>()
      for (const [endpointPk, id] of links) {
        const list = domainIds.get(endpointPk)
        if (list) list.push(id)
        else domainIds.set(endpointPk, [id])
      }

      return rows.map((row) => toSniEndpoint(row, appRow, domainIds.get(row[0]) ?? [], chains.get(row[4]) ?? ''))
    })
  }

  async listSniEndpointsWithLeaf(app: string, fingerprint256: string): Promise<SniEndpoint[]> {
    assertAppName(app)
    return this.#read(() => {
      const appRow = this.#findApp(app)
      if (!appRow) return []
      // instr() skips most rows without parsing their JSON; json_extract() then compares exactly.
      const rows = this.#allRaw<EndpointRow>(
        `SELECT ${ENDPOINT_COLUMNS} FROM sni_endpoints e
         WHERE e.app_pk = ? AND instr(e.ssl_cert, ?) > 0 AND json_extract(e.ssl_cert, '$.fingerprint256') = ? ORDER BY e.pk`,
        appRow.pk,
        fingerprint256,
        fingerprint256,
      )
      return rows.map((row) => this.#toEndpoint(row, appRow))
    })
  }

  async getSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    return this.#read(() => {
      const appRow = this.#requireApp(app)
      return this.#toEndpoint(this.#requireEndpoint(appRow, nameOrId), appRow)
    })
  }

  async createSniEndpoint(app: string, input: CertificateInput): Promise<SniEndpoint> {
    assertAppName(app)
    // Parsing happens before the write lock is taken, so other processes are not kept waiting.
    const sslCert = await acceptInput(input)
    return this.#write(() => {
      const appRow = this.#ensureApp(app)
      const name = pickEndpointName(
        (candidate) => this.#get(`SELECT 1 FROM sni_endpoints WHERE name = ?`, candidate) !== undefined,
      )
      const time = now()
      const {lastInsertRowid} = this.#statement(
        `INSERT INTO sni_endpoints (id, app_pk, name, display_name, chain_pk, ssl_cert, created_at, updated_at)
         VALUES (?, ?, ?, NULL, ?, ?, ?, ?)`,
      ).run(
        randomUUID(),
        appRow.pk,
        name,
        this.#storeChain(input.certificateChain),
        serializeSslCert(sslCert),
        time,
        time,
      )
      this.#statement(`INSERT INTO private_keys (endpoint_pk, pem) VALUES (?, ?)`).run(
        lastInsertRowid,
        input.privateKey.reveal(),
      )
      return this.#toEndpoint(this.#endpointByPk(Number(lastInsertRowid)), appRow)
    })
  }

  async updateSniEndpoint(app: string, nameOrId: string, input: CertificateInput): Promise<SniEndpoint> {
    assertAppName(app)
    const sslCert = await acceptInput(input)
    return this.#write(() => {
      const appRow = this.#requireApp(app)
      const row = this.#requireEndpoint(appRow, nameOrId)
      const [pk, , , , oldChainPk] = row
      this.#statement(`UPDATE sni_endpoints SET chain_pk = ?, ssl_cert = ?, updated_at = ? WHERE pk = ?`).run(
        this.#storeChain(input.certificateChain),
        serializeSslCert(sslCert),
        now(),
        pk,
      )
      this.#dropChainIfUnused(oldChainPk)
      this.#statement(`UPDATE private_keys SET pem = ? WHERE endpoint_pk = ?`).run(input.privateKey.reveal(), pk)
      return this.#toEndpoint(this.#endpointByPk(pk), appRow)
    })
  }

  async deleteSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    return this.#write(() => {
      const appRow = this.#requireApp(app)
      const row = this.#requireEndpoint(appRow, nameOrId)
      const deleted = this.#toEndpoint(row, appRow)
      const [pk, , , , chainPk] = row
      this.#statement(`UPDATE domains SET sni_endpoint_pk = NULL, updated_at = ? WHERE sni_endpoint_pk = ?`).run(
        now(),
        pk,
      )
      this.#statement(`DELETE FROM private_keys WHERE endpoint_pk = ?`).run(pk)
      this.#statement(`DELETE FROM sni_endpoints WHERE pk = ?`).run(pk)
      this.#dropChainIfUnused(chainPk)
      return deleted
    })
  }

  async listDomains(app: string): Promise<Domain[]> {
    assertAppName(app)
    return this.#read(() => {
      const appRow = this.#requireApp(app)
      return this.#all<DomainRow>(`${DOMAIN_SELECT} WHERE d.app_pk = ? ORDER BY d.pk`, appRow.pk).map((row) =>
        toDomain(row, appRow),
      )
    })
  }

  async listMatchingDomains(app: string, certDomains: string[]): Promise<Domain[]> {
    assertAppName(app)
    const {exact, suffixes} = splitCertificateNames(certDomains)
    if (exact.length === 0 && suffixes.length === 0) return []
    return this.#read(() => {
      const appRow = this.#findApp(app)
      if (!appRow) return [] // the app is created by the first write (e.g. this certificate)
      // An index-only prefilter (exact names, and `*.suffix` for wildcards); exact RFC 6125 matching
      // (one label under a wildcard) is done by the caller on these few rows.
      const conditions = [...exact.map(() => 'd.hostname = ?'), ...suffixes.map(() => `d.hostname GLOB ?`)]
      const patterns = suffixes.map((s) => `*${s.replaceAll(/[[*?]/g, '[$&]')}`)
      return this.#all<DomainRow>(
        `${DOMAIN_SELECT} WHERE d.app_pk = ? AND d.kind = 'custom' AND (${conditions.join(' OR ')}) ORDER BY d.pk`,
        appRow.pk,
        ...exact,
        ...patterns,
      ).map((row) => toDomain(row, appRow))
    })
  }

  async getDomain(app: string, hostname: string): Promise<Domain> {
    assertAppName(app)
    const identity = this.#toDomainIdentity(hostname)
    return this.#read(() => {
      const appRow = this.#requireApp(app)
      return toDomain(this.#requireDomain(appRow, identity), appRow)
    })
  }

  async getDomainsById(app: string, ids: string[]): Promise<Domain[]> {
    assertAppName(app)
    const wanted = [...new Set(ids.filter((id) => isPlatformId(id)).map((id) => id.toLowerCase()))]
    if (wanted.length === 0) return []
    return this.#read(() => {
      const appRow = this.#requireApp(app)
      const byId = new Map<string, Domain>()
      // In chunks: SQLite caps the number of bound parameters.
      for (let start = 0; start < wanted.length; start += 500) {
        const chunk = wanted.slice(start, start + 500)
        const rows = this.#db
          .prepare(`${DOMAIN_SELECT} WHERE d.app_pk = ? AND d.id IN (${chunk.map(() => '?').join(', ')})`)
          .all(appRow.pk, ...chunk) as DomainRow[]
        for (const row of rows) byId.set(row.id, toDomain(row, appRow))
      }

      return wanted.map((id) => byId.get(id)).filter((d): d is Domain => d !== undefined)
    })
  }

  async addDomain(app: string, input: DomainInput): Promise<Domain> {
    assertAppName(app)
    const hostname = normalizeHostname(input.hostname)
    return this.#write(() => {
      const appRow = this.#ensureApp(app)
      const existing = this.#get<{app_pk: number}>(`SELECT app_pk FROM domains WHERE hostname = ?`, hostname)
      if (existing) {
        throw existing.app_pk === appRow.pk
          ? refusedError(
              `Domain ${hostname} is already added to app ${app}.`,
              'invalid_params',
              'Update the existing domain instead of adding it again.',
            )
          : refusedError(
              `Domain ${hostname} is already in use by another app.`,
              'invalid_params',
              'Remove it from the other app first.',
            )
      }

      const endpointPk = input.sniEndpoint === null ? null : this.#requireEndpoint(appRow, input.sniEndpoint)[0]
      // Collision check and insert share the write transaction: no other process can take the target between them.
      const cname = pickDnsTarget(
        (candidate) => this.#get(`SELECT 1 FROM domains WHERE cname = ?`, candidate) !== undefined,
      )
      const time = now()
      const {lastInsertRowid} = this.#statement(
        `INSERT INTO domains (id, app_pk, hostname, kind, cname, status, sni_endpoint_pk, acm_status, created_at, updated_at)
         VALUES (?, ?, ?, 'custom', ?, 'succeeded', ?, NULL, ?, ?)`,
      ).run(randomUUID(), appRow.pk, hostname, cname, endpointPk, time, time)
      return toDomain(this.#domainByPk(Number(lastInsertRowid)), appRow)
    })
  }

  async updateDomain(app: string, hostname: string, change: {sniEndpoint: string | null}): Promise<Domain> {
    assertAppName(app)
    const identity = this.#toDomainIdentity(hostname)
    return this.#write(() => {
      const appRow = this.#requireApp(app)
      const row = this.#requireDomain(appRow, identity)
      const endpointPk = change.sniEndpoint === null ? null : this.#requireEndpoint(appRow, change.sniEndpoint)[0]
      this.#statement(`UPDATE domains SET sni_endpoint_pk = ?, updated_at = ? WHERE pk = ?`).run(
        endpointPk,
        now(),
        row.pk,
      )
      return toDomain(this.#domainByPk(row.pk), appRow)
    })
  }

  async removeDomain(app: string, hostname: string): Promise<Domain> {
    assertAppName(app)
    const identity = this.#toDomainIdentity(hostname)
    return this.#write(() => {
      const appRow = this.#requireApp(app)
      const row = this.#requireDomain(appRow, identity)
      this.#statement(`DELETE FROM domains WHERE pk = ?`).run(row.pk)
      return toDomain(row, appRow)
    })
  }

  async findDomainOwner(hostname: string): Promise<string | null> {
    const normalized = normalizeHostname(hostname)
    return this.#read(
      () =>
        this.#get<{name: string}>(
          `SELECT apps.name FROM domains JOIN apps ON apps.pk = domains.app_pk WHERE domains.hostname = ?`,
          normalized,
        )?.name ?? null,
    )
  }

  /**
   * For the local TLS router only: the chain and key of the endpoint serving `hostname`, by its exact
   * domain entry, else by a wildcard entry (`*.example.com`) one label up. Undefined when none serves it.
   */
  async readServingMaterial(hostname: string): Promise<ServingMaterial | undefined> {
    let exact: string
    try {
      exact = normalizeHostname(hostname)
    } catch {
      return undefined // A TLS client's SNI name is untrusted input: an invalid one is simply not served.
    }

    return this.#read(() => {
      // A hostname that is itself a domain is served by its own endpoint or not at all (like Heroku's
      // router): a wildcard domain one label up only answers for names that are no domain anywhere.
      for (const candidate of [exact, wildcardDomainFor(exact)]) {
        if (candidate === undefined) continue
        const row = this.#get<{chain: string | null; key: string | null; name: string | null}>(
          `SELECT e.name, c.pem AS chain, k.pem AS key FROM domains d LEFT JOIN sni_endpoints e ON e.pk = d.sni_endpoint_pk
           LEFT JOIN certificate_chains c ON c.pk = e.chain_pk LEFT JOIN private_keys k ON k.endpoint_pk = e.pk
           WHERE d.hostname = ?`,
          candidate,
        )
        if (!row) continue
        if (row.chain === null || row.key === null || row.name === null) return undefined
        return {
          certificateChain: row.chain,
          endpointName: row.name,
          privateKey: new SecretPem(row.key, {forRedaction: false}),
        }
      }

      return undefined
    })
  }

  /**
   * Changes whenever the store's contents may have changed: SQLite's data_version moves when another
   * connection (another sni process) commits, total_changes() when this one writes (the router's ACM
   * worker). The router keeps its SNI map while this stays the same, and asks at every handshake:
   * the plain pragma costs about half of selecting from the pragma_data_version table (measured in the
   * router: ~37 us a handshake before), and total_changes() reads no page at all.
   */
  storeVersion(): string {
    try {
      const dataVersion = this.#statement('PRAGMA data_version').pluck(true).get() as number
      const ownChanges = this.#statement('SELECT total_changes()').pluck(true).get() as number
      return `${dataVersion}:${ownChanges}`
    } catch (error) {
      throw toStoreError(error, this.#path)
    }
  }

  async getAcm(app: string): Promise<AcmState> {
    assertAppName(app)
    return this.acm.getAcm(app)
  }

  async enableAcm(app: string, input?: AcmEnableInput): Promise<AcmState> {
    assertAppName(app)
    if (!input) throw new Error('the local platform needs ACM settings (directory URL, challenge, key type)')
    return this.acm.enableAcm(app, input)
  }

  async disableAcm(app: string): Promise<AcmState> {
    assertAppName(app)
    return this.acm.disableAcm(app)
  }

  async refreshAcm(app: string): Promise<AcmState> {
    assertAppName(app)
    return this.acm.refreshAcm(app)
  }

  close(): void {
    if (this.#db.open) this.#db.close()
  }

  #statement(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql)
    if (!statement) {
      statement = this.#db.prepare(sql)
      this.#statements.set(sql, statement)
    }

    return statement
  }

  /** Rows as arrays: much cheaper than objects when listing thousands. */
  #allRaw<T>(sql: string, ...params: unknown[]): T[] {
    let statement = this.#statements.get(`raw:${sql}`)
    if (!statement) {
      statement = this.#db.prepare(sql).raw(true)
      this.#statements.set(`raw:${sql}`, statement)
    }

    return statement.all(...params) as T[]
  }

  #get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.#statement(sql).get(...params) as T | undefined
  }

  #all<T>(sql: string, ...params: unknown[]): T[] {
    return this.#statement(sql).all(...params) as T[]
  }

  /** A consistent snapshot for multi-query reads. */
  #read<T>(body: () => T): T {
    return inTransaction(this.#db, this.#path, 'read', body)
  }

  /** BEGIN IMMEDIATE: takes the write lock up front (waiting up to the busy timeout), so reads inside see no stale data. */
  #write<T>(body: () => T): T {
    this.#pendingNotices = []
    const result = inTransaction(this.#db, this.#path, 'write', body)
    // Only after the commit: a rolled-back write created nothing worth reporting.
    for (const notice of this.#pendingNotices) this.#onNotice?.(notice)
    this.#pendingNotices = []
    return result
  }

  #findApp(name: string): AppRow | undefined {
    return this.#get<AppRow>(`SELECT pk, id, name FROM apps WHERE name = ?`, name)
  }

  #requireApp(name: string): AppRow {
    const app = this.#findApp(name)
    if (app) return app
    throw notFoundError(
      {id: name, resource: 'app'},
      `Check the app name; on the local platform an app exists once a certificate or domain was added to it.`,
      {app: name},
    )
  }

  #ensureApp(name: string): AppRow {
    const found = this.#findApp(name)
    if (found) return found
    const id = randomUUID()
    const {lastInsertRowid} = this.#statement(`INSERT INTO apps (id, name, created_at) VALUES (?, ?, ?)`).run(
      id,
      name,
      now(),
    )
    this.#pendingNotices.push(`Created app ${name} on the local platform.`)
    return {id, name, pk: Number(lastInsertRowid)}
  }

  /** Stores a chain once per content and returns its key. */
  #storeChain(pem: string): number {
    const sha256 = createHash('sha256').update(pem).digest('hex')
    this.#statement(`INSERT INTO certificate_chains (sha256, pem) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING`).run(
      sha256,
      pem,
    )
    return (this.#get<{pk: number}>(`SELECT pk FROM certificate_chains WHERE sha256 = ?`, sha256) as {pk: number}).pk
  }

  #dropChainIfUnused(chainPk: number): void {
    this.#statement(
      `DELETE FROM certificate_chains WHERE pk = ? AND NOT EXISTS (SELECT 1 FROM sni_endpoints WHERE chain_pk = ?)`,
    ).run(chainPk, chainPk)
  }

  #requireEndpoint(app: AppRow, nameOrId: string): EndpointRow {
    const [row] = this.#allRaw<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM sni_endpoints e WHERE e.app_pk = ? AND (e.name = ? OR e.id = ?)`,
      app.pk,
      nameOrId,
      nameOrId,
    )
    if (row) return row
    throw notFoundError(
      {id: nameOrId, resource: 'SNI endpoint'},
      `List the certificates of ${app.name} with \`${cliCommand('certs', '--app', app.name)}\`.`,
      {app: app.name},
    )
  }

  #endpointByPk(pk: number): EndpointRow {
    return this.#allRaw<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM sni_endpoints e WHERE e.pk = ?`,
      pk,
    )[0] as EndpointRow
  }

  #toEndpoint(row: EndpointRow, app: AppRow): SniEndpoint {
    const [pk, , , , chainPk] = row
    const domainIds = this.#allRaw<[string]>(`SELECT id FROM domains WHERE sni_endpoint_pk = ? ORDER BY pk`, pk)
    const chain = this.#get<{pem: string}>(`SELECT pem FROM certificate_chains WHERE pk = ?`, chainPk)
    return toSniEndpoint(
      row,
      app,
      domainIds.map(([id]) => id),
      chain?.pem ?? '',
    )
  }

  /** Domains are named by hostname, or by id as on Heroku. */
  #toDomainIdentity(hostnameOrId: string): {id: string} | {hostname: string} {
    return isPlatformId(hostnameOrId) ? {id: hostnameOrId.toLowerCase()} : {hostname: normalizeHostname(hostnameOrId)}
  }

  #requireDomain(app: AppRow, identity: {id: string} | {hostname: string}): DomainRow {
    const row =
      'id' in identity
        ? this.#get<DomainRow>(`${DOMAIN_SELECT} WHERE d.app_pk = ? AND d.id = ?`, app.pk, identity.id)
        : this.#get<DomainRow>(`${DOMAIN_SELECT} WHERE d.app_pk = ? AND d.hostname = ?`, app.pk, identity.hostname)
    if (row) return row
    throw notFoundError(
      {id: 'id' in identity ? identity.id : identity.hostname, resource: 'domain'},
      `Check the hostname; a domain must be added to ${app.name} before it can be used.`,
      {app: app.name},
    )
  }

  #domainByPk(pk: number): DomainRow {
    return this.#get<DomainRow>(`${DOMAIN_SELECT} WHERE d.pk = ?`, pk) as DomainRow
  }
}

/** Opens the store of SNI_HOME `options.home` and returns a client on it. */
export function openLocalPlatformClient(options: OpenStoreOptions): LocalPlatformClient {
  const directory = prepareStoreDirectory(options.home)
  return new LocalPlatformClient(
    openStore({...options, home: directory}),
    join(directory, STORE_FILE_NAME),
    options.onNotice,
  )
}
