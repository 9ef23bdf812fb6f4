import {randomUUID} from 'node:crypto'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {SecretPem} from '../../lib/cert/secret-pem.js'
import {assertAppName} from '../app-name.js'
import {normalizeHostname} from '../domain-hostname.js'
import type {Domain, SniEndpoint} from '../models.js'
import type {CertificateInput, DomainInput, PlatformClient} from '../platform-client.js'
import {notFoundError, refusedError} from '../platform-error.js'
import {acceptCertificateInput} from './accept-certificate-input.js'
import {pickDnsTarget} from './dns-target.js'
import {DOMAIN_SELECT, type DomainRow, toDomain} from './domain-row.js'
import {ENDPOINT_COLUMNS, type EndpointRow, toSniEndpoint, toSslCertColumns} from './endpoint-row.js'
import {pickEndpointName} from './endpoint-name.js'
import {openStore, type OpenStoreOptions, type StoreDatabase} from './open-store.js'
import {toStoreError} from './store-error.js'
import {STORE_FILE_NAME} from './store-location.js'

interface AppRow {
  pk: number
  id: string
  name: string
}

/** What the local TLS router needs to serve a hostname. The key stays wrapped until it is used. */
export interface ServingMaterial {
  endpointName: string
  certificateChain: string
  privateKey: SecretPem
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Heroku's timestamp form: ISO 8601 in UTC, whole seconds. */
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `*.example.com` for `www.example.com`: the one wildcard domain entry that can cover a hostname. */
function toWildcardCandidate(hostname: string): string | undefined {
  const dot = hostname.indexOf('.')
  return dot > 0 ? `*${hostname.slice(dot)}` : undefined
}

/**
 * The embedded platform: Heroku's SNI endpoint and domain behaviour on a SQLite store. Reads run in
 * a read transaction (one consistent snapshot); writes in BEGIN IMMEDIATE, so concurrent sni
 * processes queue instead of losing updates. Private keys are written, and read back only by
 * `readServingMaterial`.
 */
export class LocalPlatformClient implements PlatformClient {
  readonly kind = 'local' as const
  readonly #db: StoreDatabase
  readonly #path: string
  readonly #onNotice?: (message: string) => void
  readonly #statements = new Map<string, BetterSqlite3.Statement>()
  #pendingNotices: string[] = []

  constructor(db: StoreDatabase, path: string, onNotice?: (message: string) => void) {
    this.#db = db
    this.#path = path
    this.#onNotice = onNotice
  }

  async listSniEndpoints(app: string): Promise<SniEndpoint[]> {
    assertAppName(app)
    return this.#read(() => {
      const appRow = this.#requireApp(app)
      const rows = this.#all<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM sni_endpoints e WHERE e.app_pk = ? ORDER BY e.pk`, appRow.pk)
      // One range scan of a covering index gives every endpoint's hostnames: no query per endpoint.
      const links = this.#all<{endpoint_pk: number; hostname: string}>(
        `SELECT sni_endpoint_pk AS endpoint_pk, hostname FROM domains
         WHERE app_pk = ? AND sni_endpoint_pk IS NOT NULL ORDER BY sni_endpoint_pk, hostname`,
        appRow.pk,
      )
      const hostnames = new Map<number, string[]>()
      for (const link of links) {
        const list = hostnames.get(link.endpoint_pk)
        if (list) list.push(link.hostname)
        else hostnames.set(link.endpoint_pk, [link.hostname])
      }

      return rows.map((row) => toSniEndpoint(row, appRow, hostnames.get(row.pk) ?? []))
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
    const sslCert = acceptCertificateInput(input)
    return this.#write(() => {
      const appRow = this.#ensureApp(app)
      const name = pickEndpointName((candidate) => this.#get(`SELECT 1 FROM sni_endpoints WHERE name = ?`, candidate) !== undefined)
      const time = now()
      const {lastInsertRowid} = this.#statement(
        `INSERT INTO sni_endpoints (id, app_pk, name, display_name, certificate_chain, cert_domains, expires_at, starts_at,
           issuer, subject, ca_signed, self_signed, acm, fingerprint256, key_type, created_at, updated_at)
         VALUES (@id, @app_pk, @name, NULL, @certificate_chain, @cert_domains, @expires_at, @starts_at,
           @issuer, @subject, @ca_signed, @self_signed, @acm, @fingerprint256, @key_type, @time, @time)`,
      ).run({
        ...toSslCertColumns(sslCert),
        app_pk: appRow.pk,
        certificate_chain: input.certificateChain,
        id: randomUUID(),
        name,
        time,
      })
      this.#statement(`INSERT INTO private_keys (endpoint_pk, pem) VALUES (?, ?)`).run(lastInsertRowid, input.privateKey.reveal())
      return this.#toEndpoint(this.#endpointByPk(Number(lastInsertRowid)), appRow)
    })
  }

  async updateSniEndpoint(app: string, nameOrId: string, input: CertificateInput): Promise<SniEndpoint> {
    assertAppName(app)
    const sslCert = acceptCertificateInput(input)
    return this.#write(() => {
      const appRow = this.#requireApp(app)
      const row = this.#requireEndpoint(appRow, nameOrId)
      this.#statement(
        `UPDATE sni_endpoints SET certificate_chain = @certificate_chain, cert_domains = @cert_domains,
           expires_at = @expires_at, starts_at = @starts_at, issuer = @issuer, subject = @subject, ca_signed = @ca_signed,
           self_signed = @self_signed, acm = @acm, fingerprint256 = @fingerprint256, key_type = @key_type, updated_at = @time
         WHERE pk = @pk`,
      ).run({...toSslCertColumns(sslCert), certificate_chain: input.certificateChain, pk: row.pk, time: now()})
      this.#statement(`UPDATE private_keys SET pem = ? WHERE endpoint_pk = ?`).run(input.privateKey.reveal(), row.pk)
      return this.#toEndpoint(this.#endpointByPk(row.pk), appRow)
    })
  }

  async deleteSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    return this.#write(() => {
      const appRow = this.#requireApp(app)
      const row = this.#requireEndpoint(appRow, nameOrId)
      const deleted = this.#toEndpoint(row, appRow)
      this.#statement(`UPDATE domains SET sni_endpoint_pk = NULL, updated_at = ? WHERE sni_endpoint_pk = ?`).run(now(), row.pk)
      this.#statement(`DELETE FROM private_keys WHERE endpoint_pk = ?`).run(row.pk)
      this.#statement(`DELETE FROM sni_endpoints WHERE pk = ?`).run(row.pk)
      return deleted
    })
  }

  async listDomains(app: string): Promise<Domain[]> {
    assertAppName(app)
    return this.#read(() => {
      const appRow = this.#requireApp(app)
      return this.#all<DomainRow>(`${DOMAIN_SELECT} WHERE d.app_pk = ? ORDER BY d.pk`, appRow.pk).map((row) => toDomain(row, app))
    })
  }

  async getDomain(app: string, hostname: string): Promise<Domain> {
    assertAppName(app)
    const identity = this.#toDomainIdentity(hostname)
    return this.#read(() => {
      const appRow = this.#requireApp(app)
      return toDomain(this.#requireDomain(appRow, identity), app)
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
          ? refusedError(`Domain ${hostname} is already added to app ${app}.`, 'invalid_params', 'Update the existing domain instead of adding it again.')
          : refusedError(`Domain ${hostname} is already in use by another app.`, 'invalid_params', 'Remove it from the other app first.')
      }

      const endpointPk = input.sniEndpoint === null ? null : this.#requireEndpoint(appRow, input.sniEndpoint).pk
      // Collision check and insert share the write transaction (F22): no other process can take the target between them.
      const cname = pickDnsTarget((candidate) => this.#get(`SELECT 1 FROM domains WHERE cname = ?`, candidate) !== undefined)
      const time = now()
      const {lastInsertRowid} = this.#statement(
        `INSERT INTO domains (id, app_pk, hostname, kind, cname, status, sni_endpoint_pk, acm_status, created_at, updated_at)
         VALUES (?, ?, ?, 'custom', ?, 'succeeded', ?, NULL, ?, ?)`,
      ).run(randomUUID(), appRow.pk, hostname, cname, endpointPk, time, time)
      return toDomain(this.#domainByPk(Number(lastInsertRowid)), app)
    })
  }

  async updateDomain(app: string, hostname: string, change: {sniEndpoint: string | null}): Promise<Domain> {
    assertAppName(app)
    const identity = this.#toDomainIdentity(hostname)
    return this.#write(() => {
      const appRow = this.#requireApp(app)
      const row = this.#requireDomain(appRow, identity)
      const endpointPk = change.sniEndpoint === null ? null : this.#requireEndpoint(appRow, change.sniEndpoint).pk
      this.#statement(`UPDATE domains SET sni_endpoint_pk = ?, updated_at = ? WHERE pk = ?`).run(endpointPk, now(), row.pk)
      return toDomain(this.#domainByPk(row.pk), app)
    })
  }

  async removeDomain(app: string, hostname: string): Promise<Domain> {
    assertAppName(app)
    const identity = this.#toDomainIdentity(hostname)
    return this.#write(() => {
      const appRow = this.#requireApp(app)
      const row = this.#requireDomain(appRow, identity)
      this.#statement(`DELETE FROM domains WHERE pk = ?`).run(row.pk)
      return toDomain(row, app)
    })
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
      for (const candidate of [exact, toWildcardCandidate(exact)]) {
        if (candidate === undefined) continue
        const row = this.#get<{certificate_chain: string; name: string; pem: string}>(
          `SELECT e.name, e.certificate_chain, k.pem FROM domains d
           JOIN sni_endpoints e ON e.pk = d.sni_endpoint_pk JOIN private_keys k ON k.endpoint_pk = e.pk
           WHERE d.hostname = ?`,
          candidate,
        )
        if (row) return {certificateChain: row.certificate_chain, endpointName: row.name, privateKey: new SecretPem(row.pem)}
      }

      return undefined
    })
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

  #get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.#statement(sql).get(...params) as T | undefined
  }

  #all<T>(sql: string, ...params: unknown[]): T[] {
    return this.#statement(sql).all(...params) as T[]
  }

  /** A consistent snapshot for multi-query reads. */
  #read<T>(body: () => T): T {
    try {
      return this.#db.transaction(body).deferred()
    } catch (error) {
      throw toStoreError(error, this.#path)
    }
  }

  /** BEGIN IMMEDIATE: takes the write lock up front (waiting up to the busy timeout), so reads inside see no stale data. */
  #write<T>(body: () => T): T {
    this.#pendingNotices = []
    let result: T
    try {
      result = this.#db.transaction(body).immediate()
    } catch (error) {
      throw toStoreError(error, this.#path)
    }

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
    throw notFoundError('app', `Check the app name; on the local platform an app exists once a certificate or domain was added to it.`, {app: name})
  }

  #ensureApp(name: string): AppRow {
    const found = this.#findApp(name)
    if (found) return found
    const id = randomUUID()
    const {lastInsertRowid} = this.#statement(`INSERT INTO apps (id, name, created_at) VALUES (?, ?, ?)`).run(id, name, now())
    this.#pendingNotices.push(`Created app ${name} on the local platform.`)
    return {id, name, pk: Number(lastInsertRowid)}
  }

  #requireEndpoint(app: AppRow, nameOrId: string): EndpointRow {
    const row = this.#get<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM sni_endpoints e WHERE e.app_pk = ? AND (e.name = ? OR e.id = ?)`,
      app.pk,
      nameOrId,
      nameOrId,
    )
    if (row) return row
    throw notFoundError('SNI endpoint', `List the certificates of ${app.name} with \`sni certs --app ${app.name}\`.`, {app: app.name})
  }

  #endpointByPk(pk: number): EndpointRow {
    return this.#get<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM sni_endpoints e WHERE e.pk = ?`, pk) as EndpointRow
  }

  #toEndpoint(row: EndpointRow, app: AppRow): SniEndpoint {
    const hostnames = this.#all<{hostname: string}>(`SELECT hostname FROM domains WHERE sni_endpoint_pk = ? ORDER BY hostname`, row.pk)
    return toSniEndpoint(row, app, hostnames.map((h) => h.hostname))
  }

  /** Domains are named by hostname, or by id as on Heroku. */
  #toDomainIdentity(hostnameOrId: string): {id: string} | {hostname: string} {
    return UUID_PATTERN.test(hostnameOrId) ? {id: hostnameOrId.toLowerCase()} : {hostname: normalizeHostname(hostnameOrId)}
  }

  #requireDomain(app: AppRow, identity: {id: string} | {hostname: string}): DomainRow {
    const row =
      'id' in identity
        ? this.#get<DomainRow>(`${DOMAIN_SELECT} WHERE d.app_pk = ? AND d.id = ?`, app.pk, identity.id)
        : this.#get<DomainRow>(`${DOMAIN_SELECT} WHERE d.app_pk = ? AND d.hostname = ?`, app.pk, identity.hostname)
    if (row) return row
    throw notFoundError('domain', `Check the hostname; a domain must be added to ${app.name} before it can be used.`, {app: app.name})
  }

  #domainByPk(pk: number): DomainRow {
    return this.#get<DomainRow>(`${DOMAIN_SELECT} WHERE d.pk = ?`, pk) as DomainRow
  }
}

/** Opens the store under `options.home` and returns a client on it. */
export function openLocalPlatformClient(options: OpenStoreOptions): LocalPlatformClient {
  return new LocalPlatformClient(openStore(options), join(options.home, STORE_FILE_NAME), options.onNotice)
}
