import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {FakeHerokuApi} from '../../../helpers/fake-heroku-api.js'
import {fixture, readFixture} from '../../../helpers/fixtures.js'
import {herokuDate, herokuTable} from '../../../helpers/heroku-format.js'
import {parseJsonError, parseJsonOutput} from '../../../helpers/json-schema.js'
import {runSni, type SniRun} from '../../../helpers/run-sni.js'

// certs:auto:enable, :disable and :refresh against the fake Heroku API, and what ACM changes in
// certs, certs:info and certs:add: the requests sent and the output, as the Heroku CLI's.

const chain = readFixture('chain-in-order.pem').toString()
const leaf = new X509Certificate(readFixture('leaf-rsa2048.crt'))

describe('certs:auto:enable, :disable, :refresh and ACM certificates on heroku (fake API)', () => {
  let api: FakeHerokuApi
  let home: string
  const sni = (...args: string[]): Promise<SniRun> => runSni(args, {env: api.env({HOME: home})})

  beforeEach(async () => {
    api = await FakeHerokuApi.start()
    api.seedDomain('example', 'www.example.com')
    home = mkdtempSync(join(tmpdir(), 'sni-acm-enable-'))
  })

  afterEach(async () => {
    await api.close()
    rmSync(home, {force: true, recursive: true})
  })

  it("enable: POST /apps/{app}/acm with {}, Heroku's spinner text and closing line", async () => {
    const run = await sni('certs:auto:enable', '--app', 'example')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.deepEqual(api.mutations(), ['POST /apps/example/acm'])
    assert.deepEqual(api.requests.find((r) => r.method === 'POST')?.body, {})
    assert.equal(
      run.stderr,
      'Enabling Automatic Certificate Management... starting. See status with `sni certs:auto --app example` or wait until active with `sni certs:auto --app example --wait`\n',
    )
    assert.equal(
      run.stdout,
      '=== Your certificate will now be managed by Heroku. Check the status by running `sni certs:auto --app example`.\n\n',
    )
  })

  it('enable --wait: progress, then the status; exit 0 once every domain has its certificate', async () => {
    api.setAcmStatus('example', 'www.example.com', null, null, [
      [null, null],
      ['pending', null],
      ['cert issued', null],
    ])
    const run = await sni('certs:auto:enable', '--app', 'example', '--wait', '--wait-interval', '50ms', '--json')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.match(run.stderr, /\] www\.example\.com: Cert issued\n/)
    const status = parseJsonOutput<{domains: Array<{status: string}>; enabled: boolean; wait: {done: boolean}}>(
      'certs-auto-enable',
      run.stdout,
    )
    assert.equal(status.enabled, true)
    assert.equal(status.wait.done, true)
    assert.equal(status.domains[0]?.status, 'Cert issued')
  })

  it('enable refuses local-platform flags on heroku before any request (exit 2)', async () => {
    const run = await sni('certs:auto:enable', '--app', 'example', '--acme-directory', 'staging', '--json')
    assert.equal(run.exitCode, 2)
    assert.equal(parseJsonError(run).code, 'ACM_SETTINGS_LOCAL_ONLY')
    assert.deepEqual(api.mutations(), [])
  })

  it('disable: exit 9 without --confirm off a terminal, nothing sent; with it, DELETE /apps/{app}/acm and the ACM certificate is gone', async () => {
    api.setAcm('example', true)
    const name = api.seedAcmCertificate('example', chain, ['www.example.com'])
    const refused = await sni('certs:auto:disable', '--app', 'example')
    assert.equal(refused.exitCode, 9)
    assert.match(refused.stderr, /needs confirmation and there is no terminal/)
    assert.deepEqual(api.mutations(), [])
    const run = await sni('certs:auto:disable', '--app', 'example', '--confirm', 'example', '--json')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.deepEqual(api.mutations(), ['DELETE /apps/example/acm'])
    assert.match(run.stderr, /Disabling Automatic Certificate Management\.\.\. done/)
    assert.deepEqual(parseJsonOutput('certs-auto-disable', run.stdout), {
      app: 'example',
      enabled: false,
      removedCertificates: [name],
    })
    assert.deepEqual(api.snapshot('example').endpoints, [])
  })

  it('refresh: PATCH /apps/{app}/acm with {"acm_refresh": true}', async () => {
    api.setAcm('example', true)
    api.setAcmStatus('example', 'www.example.com', 'failed', 'no DNS record')
    const run = await sni('certs:auto:refresh', '--app', 'example')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.equal(run.stderr, 'Refreshing Automatic Certificate Management... done\n')
    const patch = api.requests.find((r) => r.method === 'PATCH')
    assert.equal(patch?.path, '/apps/example/acm')
    assert.deepEqual(patch?.body, {acm_refresh: true})
  })

  it('certs and certs:info show the ACM certificate as Heroku does: Type ACM, no Domains column, the renewal line first', async () => {
    api.setAcm('example', true)
    const name = api.seedAcmCertificate('example', chain, ['www.example.com'])
    const [list, info] = await Promise.all([sni('certs', '--app', 'example'), sni('certs:info', '--app', 'example')])
    assert.equal(list.exitCode, 0, list.stderr)
    assert.equal(
      list.stdout,
      herokuTable(
        ['Name', 'Common Name(s)', 'Expires', 'Trusted', 'Type'],
        [[name, 'www.example.com, example.com', herokuDate(leaf.validTo), 'False', 'ACM']],
      ),
    )
    const renewal = new Date(leaf.validTo)
    renewal.setUTCMonth(renewal.getUTCMonth() - 1)
    assert.ok(
      info.stdout.startsWith(`Renewal scheduled for ${herokuDate(renewal)}.\n\nCertificate details:\n`),
      info.stdout,
    )
  })

  it('certs:add on an ACM-enabled app says, before uploading, that the certificate replaces ACM for its domains', async () => {
    api.setAcm('example', true)
    const run = await sni('certs:add', fixture('chain-in-order.pem'), fixture('leaf-rsa2048.key'), '--app', 'example')
    assert.equal(run.exitCode, 0, run.stderr)
    const notice = run.stderr.indexOf(
      "Automatic Certificate Management is enabled on example: a certificate you upload replaces ACM's for the domains you associate with it (www.example.com may be)",
    )
    assert.ok(notice >= 0, run.stderr)
    assert.ok(notice < run.stderr.indexOf('Adding SSL certificate'), 'the notice comes before the upload')
  })
})
