import {retryDelayMs} from '../../lib/acm/renewal-schedule.js'
import {decideAcmAction, nextAcmDecisionAt} from '../../lib/acm/acm-decision.js'
import {SecretPem} from '../../lib/x509/secret-pem.js'
import type {AcmDomainJob, LocalAcmStore} from './acm-store.js'
import {acceptCertificateInput} from './accept-certificate-input.js'
import {AcmeFailure, type ChallengeResponder, issueCertificate, loadAcmeClient} from './acme-issuer.js'

export interface AcmWorkerOptions {
  store: LocalAcmStore
  responder: ChallengeResponder
  /** One line per issuance, renewal and failure (the router's stderr). */
  log: (line: string) => void
  /** How often the store is checked for work; default 1 s. */
  intervalMs?: number
  now?: () => Date
  /**
   * The store's version (LocalPlatformClient#storeVersion). With it, a check finds the store
   * unchanged since the last pass and no job due yet (a backoff's end, a renewal time) and skips the
   * pass: a router over 10,000 endpoints no longer scans them every second.
   */
  storeVersion?: () => string
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * The running router's ACM loop: every second it reads the ACM jobs from the store (commands in
 * other processes change them: certs:auto:enable, refresh, domains:add) and, one domain at a
 * time, issues missing certificates, renews those past two thirds of their lifetime, backs off
 * after failures (recording the reason, and the DNS fix when the CA could not reach the domain)
 * and drops ACM certificates nobody uses. Installed certificates are served at the next handshake.
 */
export class AcmWorker {
  readonly #options: AcmWorkerOptions
  readonly #now: () => Date
  #timer?: NodeJS.Timeout
  #running?: Promise<void>
  #stopped = false
  /** After a pass: the store's version before it, and when its first job falls due. */
  #quiet?: {until: number; version: string}

  constructor(options: AcmWorkerOptions) {
    this.#options = options
    this.#now = options.now ?? (() => new Date())
  }

  start(): void {
    const tick = (): void => {
      if (this.#stopped) return
      this.#running = (this.#nothingToDo() ? Promise.resolve() : this.runOnce())
        .catch((error: unknown) => this.#options.log(`ACM: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(tick, this.#options.intervalMs ?? 1000)
        })
    }

    tick()
  }

  /** Stops scheduling; waits for the issuance in progress, if any. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    await this.#running
  }

  /** One pass over every job (exported for tests). */
  async runOnce(): Promise<void> {
    const {store} = this.#options
    this.#quiet = undefined
    // Read before the pass: a change made during it (by this pass too: a removal, a release, an
    // issuance, a recorded failure) means another pass.
    const version = this.#options.storeVersion?.()
    let until = Number.POSITIVE_INFINITY
    for (const name of store.removeOrphanedCertificates())
      this.#options.log(`ACM: removed certificate ${name}: none of its domains is left`)
    for (const job of store.listJobs()) {
      if (this.#stopped) return
      const now = this.#now()
      const action = decideAcmAction(job, now)
      // A job acted on is due now, so the next check passes again whatever it wrote.
      until = Math.min(until, nextAcmDecisionAt(job, now)?.getTime() ?? Number.POSITIVE_INFINITY)
      if (action === 'release') store.releaseToManual(job.domainPk)
      if (action === 'issue' || action === 'renew') await this.#obtain(job, action)
    }

    if (version !== undefined) this.#quiet = {until, version}
  }

  /** True when the store is as it was before the last pass, and no job has fallen due since. */
  #nothingToDo(): boolean {
    const quiet = this.#quiet
    if (!quiet || !this.#options.storeVersion || this.#now().getTime() >= quiet.until) return false
    try {
      return this.#options.storeVersion() === quiet.version
    } catch {
      return false // the pass reports what is wrong with the store
    }
  }

  async #obtain(job: AcmDomainJob, action: 'issue' | 'renew'): Promise<void> {
    const {log, store} = this.#options
    if (action === 'issue') store.markProgress(job.domainPk, 'pending')
    log(
      `ACM: ${action === 'issue' ? 'requesting' : 'renewing'} a certificate for ${job.hostname} (app ${job.app}) from ${job.settings.directoryUrl}`,
    )
    try {
      const issued = await issueCertificate({
        accountKey: await this.#accountKey(),
        hostname: job.hostname,
        onProgress: () => {
          if (action === 'issue') store.markProgress(job.domainPk, 'verified')
        },
        responder: this.#options.responder,
        settings: job.settings,
      })
      const sslCert = acceptCertificateInput({certificateChain: issued.chain, privateKey: issued.key})
      const name = store.installCertificate(job.domainPk, issued.chain, issued.key, sslCert)
      if (name) log(`ACM: ${job.hostname} now served by ${name} (expires ${sslCert.expiresAt ?? 'unknown'})`)
    } catch (error) {
      const reason =
        error instanceof AcmeFailure
          ? error.message
          : `unexpected error: ${error instanceof Error ? error.message : String(error)}`
      const retryAt = new Date(this.#now().getTime() + retryDelayMs(job.failures + 1))
      const serving =
        job.endpoint?.acm === true && Date.parse(job.endpoint.sslCert.expiresAt ?? '') > this.#now().getTime()
      store.recordFailure(job.domainPk, reason, iso(retryAt), serving)
      log(`ACM: ${job.hostname} failed: ${reason} (next attempt ${iso(retryAt)})`)
    }
  }

  /** The store's account key, made (ECDSA P-256) the first time it is needed. */
  async #accountKey(): Promise<SecretPem> {
    const {store} = this.#options
    const existing = store.accountKey()
    if (existing) return existing
    const acme = await loadAcmeClient()
    return store.saveAccountKey(new SecretPem((await acme.crypto.createPrivateEcdsaKey('P-256')).toString()))
  }
}
