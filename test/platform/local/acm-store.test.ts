import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {decideAcmAction} from '../../../src/lib/acm/acm-decision.js'
import {SecretPem} from '../../../src/lib/x509/secret-pem.js'
import {acceptCertificateInput} from '../../../src/platform/local/accept-certificate-input.js'
import {type LocalPlatformClient, openLocalPlatformClient} from '../../../src/platform/local/local-platform-client.js'
import {MIGRATIONS} from '../../../src/platform/local/store-migrations.js'
import {chainInput} from '../../helpers/local-store.js'

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3
const SETTINGS = {challenge: 'http-01', directoryUrl: 'https://127.0.0.1:14000/dir', keyType: 'ecdsa'} as const

describe("the local platform's ACM state (LocalAcmStore)", () => {
  let home: string
  let client: LocalPlatformClient

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-acm-store-'))
    client = openLocalPlatformClient({home})
  })

  afterEach(() => {
    client.close()
    rmSync(home, {force: true, recursive: true})
  })

  /** What the ACM worker does once a certificate is issued for the domain. */
  function install(hostname: string): string | undefined {
    const job = client.acm.listJobs().find((j) => j.hostname === hostname)
    assert.ok(job, `no ACM job for ${hostname}`)
    const input = chainInput('chain-in-order.pem', 'leaf-rsa2048.key')
    return client.acm.installCertificate(
      job.domainPk,
      input.certificateChain,
      input.privateKey,
      acceptCertificateInput(input),
    )
  }

  it("enable queues the custom domains; an issued certificate becomes the domain's ACM endpoint; disable removes it", async () => {
    await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: null})
    const state = await client.enableAcm('shop', {
      ...SETTINGS,
      dnsHook: 'publish-txt --token secret',
      eab: {hmacKey: new SecretPem('hmac'), kid: 'kid-1'},
    })
    assert.deepEqual(state, {
      app: 'shop',
      enabled: true,
      settings: {
        challenge: 'http-01',
        directoryUrl: SETTINGS.directoryUrl,
        dnsHook: true,
        eabKid: 'kid-1',
        keyType: 'ecdsa',
      },
    })
    assert.equal((await client.getDomain('shop', 'www.example.com')).acmStatus, 'pending')
    const [job] = client.acm.listJobs()
    assert.equal(job?.settings.dnsHook, 'publish-txt --token secret')
    assert.equal(job?.settings.eab?.hmacKey.reveal(), 'hmac')
    assert.equal(decideAcmAction(job, new Date()), 'issue')

    const name = install('www.example.com')
    const [endpoint] = await client.listSniEndpoints('shop')
    assert.equal(endpoint?.name, name)
    assert.equal(endpoint?.sslCert?.acm, true)
    assert.equal(endpoint?.domainIds.length, 1)
    assert.equal((await client.getDomain('shop', 'www.example.com')).sniEndpoint?.name, name)
    assert.equal((await client.getDomain('shop', 'www.example.com')).acmStatus, 'cert issued')
    assert.equal(
      (await client.readServingMaterial('www.example.com'))?.endpointName,
      name,
      'served at the next handshake',
    )
    assert.equal(install('www.example.com'), name, 'a renewal keeps the endpoint and its name')
    assert.equal((await client.listSniEndpoints('shop')).length, 1)

    assert.deepEqual(await client.disableAcm('shop'), {app: 'shop', enabled: false})
    assert.deepEqual(await client.listSniEndpoints('shop'), [])
    assert.equal((await client.getDomain('shop', 'www.example.com')).acmStatus, null)
    assert.deepEqual(client.acm.listJobs(), [])
  })

  it('a failure is failed (no certificate) or failing (one still serves), with its reason and the next attempt', async () => {
    await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: null})
    await client.enableAcm('shop', SETTINGS)
    const [job] = client.acm.listJobs()
    client.acm.recordFailure(job?.domainPk ?? 0, 'DNS problem: NXDOMAIN', '2030-01-01T00:00:00Z', false)
    const failed = await client.getDomain('shop', 'www.example.com')
    assert.deepEqual([failed.acmStatus, failed.acmStatusReason], ['failed', 'DNS problem: NXDOMAIN'])
    assert.equal(
      decideAcmAction(client.acm.listJobs()[0] as Parameters<typeof decideAcmAction>[0], new Date()),
      'none',
      'backing off',
    )
    await client.refreshAcm('shop')
    const refreshed = client.acm.listJobs()[0]
    assert.deepEqual([refreshed?.acmStatus, refreshed?.nextAttemptAt, refreshed?.failures], ['pending', null, 0])
    install('www.example.com')
    client.acm.recordFailure(job?.domainPk ?? 0, 'rate limited', '2030-01-01T00:00:00Z', true)
    assert.equal((await client.getDomain('shop', 'www.example.com')).acmStatus, 'failing')
  })

  it('a manual certificate replaces ACM for its domain: the reason says so, and the unused ACM certificate goes', async () => {
    await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: null})
    await client.addDomain('shop', {hostname: 'example.com', sniEndpoint: null})
    const manual = await client.createSniEndpoint('shop', chainInput('chain-in-order.pem', 'leaf-rsa2048.key'))
    await client.updateDomain('shop', 'example.com', {sniEndpoint: manual.name})
    await client.enableAcm('shop', SETTINGS)
    const apex = await client.getDomain('shop', 'example.com')
    assert.deepEqual(
      [apex.acmStatus, apex.acmStatusReason],
      [null, `served by the manually uploaded certificate ${manual.name}, so ACM leaves it alone`],
    )

    const acmName = install('www.example.com')
    await client.updateDomain('shop', 'www.example.com', {sniEndpoint: manual.name})
    const job = client.acm.listJobs().find((j) => j.hostname === 'www.example.com')
    assert.equal(job && decideAcmAction(job, new Date()), 'release')
    client.acm.releaseToManual(job?.domainPk ?? 0)
    assert.match(
      (await client.getDomain('shop', 'www.example.com')).acmStatusReason ?? '',
      /manually uploaded certificate/,
    )
    assert.deepEqual(client.acm.removeOrphanedCertificates(), [acmName])
    assert.deepEqual(
      (await client.listSniEndpoints('shop')).map((e) => e.name),
      [manual.name],
    )
  })

  it('one account key per store: the first saved wins', () => {
    assert.equal(client.acm.accountKey(), undefined)
    assert.equal(client.acm.saveAccountKey(new SecretPem('first')).reveal(), 'first')
    assert.equal(client.acm.saveAccountKey(new SecretPem('second')).reveal(), 'first')
    assert.equal(client.acm.accountKey()?.reveal(), 'first')
  })

  it('migrates a schema-1 store with its data', async () => {
    client.close()
    rmSync(home, {force: true, recursive: true})
    home = mkdtempSync(join(tmpdir(), 'sni-acm-store-'))
    const old = new Database(join(home, 'platform.db'))
    old.exec(MIGRATIONS[0] as string)
    old.exec(`INSERT INTO apps (id, name, created_at) VALUES ('a', 'shop', '2026-01-01T00:00:00Z');
      INSERT INTO domains (id, app_pk, hostname, kind, cname, status, created_at, updated_at)
      VALUES ('d', 1, 'www.example.com', 'custom', 'calm-bay-1.herokudns.localhost', 'succeeded', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`)
    old.pragma('user_version = 1')
    old.close()
    client = openLocalPlatformClient({home})
    const domain = await client.getDomain('shop', 'www.example.com')
    assert.deepEqual(
      [domain.cname, domain.acmStatus, domain.acmStatusReason],
      ['calm-bay-1.herokudns.localhost', null, null],
    )
    assert.equal((await client.getAcm('shop')).enabled, false)
  })
})
