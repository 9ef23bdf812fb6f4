import {createHash, randomUUID} from 'node:crypto'

import type BetterSqlite3 from 'better-sqlite3'

import {SecretPem} from '../../lib/x509/secret-pem.js'
import {cliCommand} from '../../lib/cli-command.js'
import type {AcmChallengeType, AcmKeyType, AcmSettings, AcmState, SslCert} from '../../lib/models.js'
import type {AcmEnableInput} from '../platform-client.js'
import {notFoundError} from '../../lib/sni-error.js'
import {pickEndpointName} from './endpoint-name.js'
import {inTransaction, type StoreDatabase} from './open-store.js'

interface AcmAppRow {
  app_pk: number
  directory_url: string
  challenge: AcmChallengeType
  key_type: AcmKeyType
  dns_hook: string | null
  eab_kid: string | null
}

/** One custom domain of an ACM-enabled app, as the ACM worker sees it. */
export interface AcmDomainJob {
  domainPk: number
  app: string
  hostname: string
  /** The DNS target, for the "point your DNS here" fix. */
  cname: string | null
  acmStatus: string | null
  failures: number
  nextAttemptAt: string | null
  /** The endpoint serving the domain: its ACM certificate, or a manual one (then ACM leaves the domain alone). */
  endpoint: {acm: boolean; name: string; sslCert: SslCert} | null
  settings: AcmJobSettings
}

/** What an issuance needs, secrets included (never returned to commands). */
export interface AcmJobSettings {
  directoryUrl: string
  challenge: AcmChallengeType
  keyType: AcmKeyType
  dnsHook: string | null
  eab: {kid: string; hmacKey: SecretPem} | null
}

/** The reason shown for a domain a manual certificate serves (Heroku: manual certificates replace ACM for their domains). */
const MANUAL_REASON_SQL = `'served by the manually uploaded certificate ' || (SELECT name FROM sni_endpoints WHERE pk = domains.sni_endpoint_pk) || ', so ACM leaves it alone'`

/** Heroku's timestamp form: ISO 8601 in UTC, whole seconds. */
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function toSettings(row: AcmAppRow): AcmSettings {
  return {
    challenge: row.challenge,
    directoryUrl: row.directory_url,
    dnsHook: row.dns_hook !== null,
    eabKid: row.eab_kid,
    keyType: row.key_type,
  }
}

/**
 * The local platform's ACM state in the SQLite store: settings per app, domain statuses, ACM
 * endpoints and the ACME account. Commands reach it through LocalPlatformClient (getAcm, enableAcm,
 * ...); the router's ACM worker uses the job methods. Secrets (account key, EAB HMAC key, DNS hook
 * command) are only returned by the methods the worker uses.
 */
export class LocalAcmStore {
  readonly #db: StoreDatabase
  readonly #path: string

  constructor(db: StoreDatabase, path: string) {
    this.#db = db
    this.#path = path
  }

  getAcm(app: string): AcmState {
    return this.#read(() => {
      const appPk = this.#requireAppPk(app)
      const row = this.#settingsRow(appPk)
      return row ? {app, enabled: true, settings: toSettings(row)} : {app, enabled: false}
    })
  }

  /** Stores the settings (re-enabling replaces them) and queues every custom domain without a certificate of its own. */
  enableAcm(app: string, input: AcmEnableInput): AcmState {
    return this.#write(() => {
      const appPk = this.#requireAppPk(app)
      this.#run(
        `INSERT INTO acm_apps (app_pk, directory_url, challenge, key_type, dns_hook, eab_kid, eab_hmac_key, enabled_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (app_pk) DO UPDATE SET directory_url = excluded.directory_url, challenge = excluded.challenge,
           key_type = excluded.key_type, dns_hook = excluded.dns_hook, eab_kid = excluded.eab_kid, eab_hmac_key = excluded.eab_hmac_key`,
        appPk,
        input.directoryUrl,
        input.challenge,
        input.keyType,
        input.dnsHook ?? null,
        input.eab?.kid ?? null,
        input.eab?.hmacKey.reveal() ?? null,
        now(),
      )
      // Domains served by a manual certificate keep it (Heroku: manual certificates replace ACM for their domains).
      this.#run(
        `UPDATE domains SET acm_status = 'pending', acm_status_reason = NULL, acm_failures = 0, acm_next_attempt_at = NULL, updated_at = ?
         WHERE app_pk = ? AND kind = 'custom' AND (acm_status IS NULL OR acm_status <> 'cert issued')
           AND (sni_endpoint_pk IS NULL OR sni_endpoint_pk IN (SELECT pk FROM sni_endpoints WHERE acm = 1))`,
        now(),
        appPk,
      )
      this.#run(
        `UPDATE domains SET acm_status = NULL, acm_status_reason = ${MANUAL_REASON_SQL}, updated_at = ?
         WHERE app_pk = ? AND kind = 'custom' AND sni_endpoint_pk IN (SELECT pk FROM sni_endpoints WHERE acm = 0)`,
        now(),
        appPk,
      )
      return {app, enabled: true, settings: toSettings(this.#settingsRow(appPk) as AcmAppRow)}
    })
  }

  /** ACM off: its settings and certificates are removed; the domains stay, without a certificate. */
  disableAcm(app: string): AcmState {
    return this.#write(() => {
      const appPk = this.#requireAppPk(app)
      const time = now()
      const endpoints = this.#all<{chain_pk: number; pk: number}>(
        `SELECT pk, chain_pk FROM sni_endpoints WHERE app_pk = ? AND acm = 1`,
        appPk,
      )
      for (const endpoint of endpoints) this.#deleteEndpoint(endpoint.pk, endpoint.chain_pk, time)
      this.#run(
        `UPDATE domains SET acm_status = NULL, acm_status_reason = NULL, acm_failures = 0, acm_next_attempt_at = NULL, updated_at = ?
         WHERE app_pk = ? AND kind = 'custom' AND acm_status IS NOT NULL`,
        time,
        appPk,
      )
      this.#run(`DELETE FROM acm_apps WHERE app_pk = ?`, appPk)
      return {app, enabled: false}
    })
  }

  /** Failed and failing domains are tried again at once, their failure count reset. */
  refreshAcm(app: string): AcmState {
    return this.#write(() => {
      const appPk = this.#requireAppPk(app)
      const row = this.#settingsRow(appPk)
      if (!row) return {app, enabled: false}
      this.#run(
        `UPDATE domains SET acm_status = CASE WHEN acm_status = 'failing' THEN 'failing' ELSE 'pending' END,
           acm_failures = 0, acm_next_attempt_at = NULL, updated_at = ?
         WHERE app_pk = ? AND kind = 'custom' AND (acm_status IS NULL OR acm_status IN ('failed', 'failing', 'pending'))`,
        now(),
        appPk,
      )
      return {app, enabled: true, settings: toSettings(row)}
    })
  }

  /** Every custom domain of every ACM-enabled app, with what the worker needs to decide and to issue. */
  listJobs(): AcmDomainJob[] {
    return this.#read(() => {
      const rows = this.#all<
        AcmAppRow & {
          acm_failures: number
          acm_next_attempt_at: string | null
          acm_status: string | null
          app_name: string
          cname: string | null
          domain_pk: number
          eab_hmac_key: string | null
          endpoint_acm: number | null
          endpoint_name: string | null
          hostname: string
          ssl_cert: string | null
        }
      >(
        `SELECT d.pk AS domain_pk, d.hostname, d.cname, d.acm_status, d.acm_failures, d.acm_next_attempt_at, a.name AS app_name,
           s.app_pk, s.directory_url, s.challenge, s.key_type, s.dns_hook, s.eab_kid, s.eab_hmac_key,
           e.acm AS endpoint_acm, e.name AS endpoint_name, e.ssl_cert
         FROM domains d JOIN acm_apps s ON s.app_pk = d.app_pk JOIN apps a ON a.pk = d.app_pk
         LEFT JOIN sni_endpoints e ON e.pk = d.sni_endpoint_pk
         WHERE d.kind = 'custom' ORDER BY d.pk`,
      )
      return rows.map((row) => ({
        acmStatus: row.acm_status,
        app: row.app_name,
        cname: row.cname,
        domainPk: row.domain_pk,
        endpoint:
          row.endpoint_name === null || row.ssl_cert === null
            ? null
            : {acm: row.endpoint_acm === 1, name: row.endpoint_name, sslCert: JSON.parse(row.ssl_cert) as SslCert},
        failures: row.acm_failures,
        hostname: row.hostname,
        nextAttemptAt: row.acm_next_attempt_at,
        settings: {
          challenge: row.challenge,
          directoryUrl: row.directory_url,
          dnsHook: row.dns_hook,
          eab:
            row.eab_kid !== null && row.eab_hmac_key !== null
              ? {hmacKey: new SecretPem(row.eab_hmac_key), kid: row.eab_kid}
              : null,
          keyType: row.key_type,
        },
      }))
    })
  }

  /** Progress of a domain (`pending`, `verified`), unless ACM was turned off or the domain removed meanwhile. */
  markProgress(domainPk: number, status: 'pending' | 'verified'): void {
    this.#write(() => {
      this.#run(
        `UPDATE domains SET acm_status = ?, acm_status_reason = NULL, updated_at = ?
         WHERE pk = ? AND app_pk IN (SELECT app_pk FROM acm_apps) AND (acm_status IS NULL OR acm_status NOT IN ('cert issued', 'failing'))`,
        status,
        now(),
        domainPk,
      )
    })
  }

  /**
   * The issued certificate becomes (or replaces the certificate of) the domain's ACM endpoint, served
   * at the next handshake. Returns the endpoint name, or undefined when ACM was turned off, the
   * domain removed, or a manual certificate associated meanwhile (the result is then dropped).
   */
  installCertificate(domainPk: number, chain: string, key: SecretPem, sslCert: SslCert): string | undefined {
    return this.#write(() => {
      const domain = this.#get<{app_pk: number; endpoint_acm: number | null; endpoint_pk: number | null}>(
        `SELECT d.app_pk, d.sni_endpoint_pk AS endpoint_pk, e.acm AS endpoint_acm FROM domains d
         JOIN acm_apps s ON s.app_pk = d.app_pk LEFT JOIN sni_endpoints e ON e.pk = d.sni_endpoint_pk WHERE d.pk = ?`,
        domainPk,
      )
      if (!domain || domain.endpoint_acm === 0) return undefined
      const time = now()
      const chainPk = this.#storeChain(chain)
      const stored = JSON.stringify({...sslCert, acm: true})
      let endpointPk = domain.endpoint_pk
      if (endpointPk === null) {
        const name = pickEndpointName(
          (candidate) => this.#get(`SELECT 1 FROM sni_endpoints WHERE name = ?`, candidate) !== undefined,
        )
        endpointPk = Number(
          this.#run(
            `INSERT INTO sni_endpoints (id, app_pk, name, display_name, chain_pk, ssl_cert, created_at, updated_at, acm)
             VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 1)`,
            randomUUID(),
            domain.app_pk,
            name,
            chainPk,
            stored,
            time,
            time,
          ).lastInsertRowid,
        )
        this.#run(`INSERT INTO private_keys (endpoint_pk, pem) VALUES (?, ?)`, endpointPk, key.reveal())
      } else {
        const old = this.#get<{chain_pk: number}>(`SELECT chain_pk FROM sni_endpoints WHERE pk = ?`, endpointPk) as {
          chain_pk: number
        }
        this.#run(
          `UPDATE sni_endpoints SET chain_pk = ?, ssl_cert = ?, updated_at = ? WHERE pk = ?`,
          chainPk,
          stored,
          time,
          endpointPk,
        )
        this.#dropChainIfUnused(old.chain_pk)
        this.#run(`UPDATE private_keys SET pem = ? WHERE endpoint_pk = ?`, key.reveal(), endpointPk)
      }

      this.#run(
        `UPDATE domains SET sni_endpoint_pk = ?, acm_status = 'cert issued', acm_status_reason = NULL, acm_failures = 0,
           acm_next_attempt_at = NULL, updated_at = ? WHERE pk = ?`,
        endpointPk,
        time,
        domainPk,
      )
      return (this.#get<{name: string}>(`SELECT name FROM sni_endpoints WHERE pk = ?`, endpointPk) as {name: string})
        .name
    })
  }

  /**
   * A failed attempt: `failing` while the domain still has a valid ACM certificate (a renewal
   * failed), else `failed`; the reason is shown by certs:auto; the next attempt waits for `retryAt`.
   */
  recordFailure(domainPk: number, reason: string, retryAt: string, stillServing: boolean): void {
    this.#write(() => {
      this.#run(
        `UPDATE domains SET acm_status = ?, acm_status_reason = ?, acm_failures = acm_failures + 1, acm_next_attempt_at = ?, updated_at = ?
         WHERE pk = ? AND app_pk IN (SELECT app_pk FROM acm_apps)`,
        stillServing ? 'failing' : 'failed',
        reason,
        retryAt,
        now(),
        domainPk,
      )
    })
  }

  /** A manual certificate now serves the domain: ACM leaves it alone and says so. */
  releaseToManual(domainPk: number): void {
    this.#write(() => {
      this.#run(
        `UPDATE domains SET acm_status = NULL, acm_status_reason = ${MANUAL_REASON_SQL}, acm_failures = 0, acm_next_attempt_at = NULL, updated_at = ?
         WHERE pk = ? AND (acm_status IS NOT NULL OR acm_status_reason IS NULL)`,
        now(),
        domainPk,
      )
    })
  }

  /** ACM certificates whose domains were all removed serve nobody: removed with their keys. */
  removeOrphanedCertificates(): string[] {
    const sql = `SELECT pk, name, chain_pk FROM sni_endpoints e WHERE acm = 1 AND NOT EXISTS (SELECT 1 FROM domains WHERE sni_endpoint_pk = e.pk)`
    // Looked for in a read first: the worker asks every second, and the write lock is taken only when there is work.
    if (this.#read(() => this.#all(sql)).length === 0) return []
    return this.#write(() => {
      const orphans = this.#all<{chain_pk: number; name: string; pk: number}>(sql)
      for (const orphan of orphans) this.#deleteEndpoint(orphan.pk, orphan.chain_pk, now())
      return orphans.map((o) => o.name)
    })
  }

  /** The store's ACME account key, if one was made. */
  accountKey(): SecretPem | undefined {
    const row = this.#read(() => this.#get<{pem: string}>(`SELECT pem FROM acme_account_key WHERE pk = 1`))
    return row ? new SecretPem(row.pem) : undefined
  }

  /** Keeps `candidate` as the store's account key unless another process saved one first; returns the one kept. */
  saveAccountKey(candidate: SecretPem): SecretPem {
    return this.#write(() => {
      this.#run(
        `INSERT INTO acme_account_key (pk, pem, created_at) VALUES (1, ?, ?) ON CONFLICT (pk) DO NOTHING`,
        candidate.reveal(),
        now(),
      )
      return new SecretPem(
        (this.#get<{pem: string}>(`SELECT pem FROM acme_account_key WHERE pk = 1`) as {pem: string}).pem,
      )
    })
  }

  #deleteEndpoint(pk: number, chainPk: number, time: string): void {
    this.#run(`UPDATE domains SET sni_endpoint_pk = NULL, updated_at = ? WHERE sni_endpoint_pk = ?`, time, pk)
    this.#run(`DELETE FROM private_keys WHERE endpoint_pk = ?`, pk)
    this.#run(`DELETE FROM sni_endpoints WHERE pk = ?`, pk)
    this.#dropChainIfUnused(chainPk)
  }

  #storeChain(pem: string): number {
    const sha256 = createHash('sha256').update(pem).digest('hex')
    this.#run(`INSERT INTO certificate_chains (sha256, pem) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING`, sha256, pem)
    return (this.#get<{pk: number}>(`SELECT pk FROM certificate_chains WHERE sha256 = ?`, sha256) as {pk: number}).pk
  }

  #dropChainIfUnused(chainPk: number): void {
    this.#run(
      `DELETE FROM certificate_chains WHERE pk = ? AND NOT EXISTS (SELECT 1 FROM sni_endpoints WHERE chain_pk = ?)`,
      chainPk,
      chainPk,
    )
  }

  #settingsRow(appPk: number): AcmAppRow | undefined {
    return this.#get<AcmAppRow>(
      `SELECT app_pk, directory_url, challenge, key_type, dns_hook, eab_kid FROM acm_apps WHERE app_pk = ?`,
      appPk,
    )
  }

  #requireAppPk(app: string): number {
    const row = this.#get<{pk: number}>(`SELECT pk FROM apps WHERE name = ?`, app)
    if (row) return row.pk
    throw notFoundError(
      {id: app, resource: 'app'},
      `Check the app name; on the local platform an app exists once a domain was added to it (\`${cliCommand('domains:add', 'HOSTNAME', '--app', app)}\`).`,
      {app},
    )
  }

  #run(sql: string, ...params: unknown[]): BetterSqlite3.RunResult {
    return this.#db.prepare(sql).run(...params)
  }

  #get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.#db.prepare(sql).get(...params) as T | undefined
  }

  #all<T>(sql: string, ...params: unknown[]): T[] {
    return this.#db.prepare(sql).all(...params) as T[]
  }

  #read<T>(body: () => T): T {
    return inTransaction(this.#db, this.#path, 'read', body)
  }

  #write<T>(body: () => T): T {
    return inTransaction(this.#db, this.#path, 'write', body)
  }
}
