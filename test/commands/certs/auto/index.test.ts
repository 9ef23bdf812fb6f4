import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {FakeHerokuApi} from '../../../helpers/fake-heroku-api.js'
import {readFixture} from '../../../helpers/fixtures.js'
import {herokuDate, herokuTable} from '../../../helpers/heroku-format.js'
import {parseJsonError, parseJsonOutput} from '../../../helpers/json-schema.js'
import {useLocalSni} from '../../../helpers/local-store.js'
import {runSni, type SniRun, startSni} from '../../../helpers/run-sni.js'

// certs:auto against the fake Heroku API (output compared with what the Heroku CLI prints for the
// same data, from its source: styled headers, the details block, the domain table and footer hints)
// and on the local platform where no CA is needed.

const chain = readFixture('chain-in-order.pem').toString()
const leaf = new X509Certificate(readFixture('leaf-rsa2048.crt'))

/** Heroku's renewal date: one calendar month before expiry. */
function herokuRenewal(expires: Date): string {
  const date = new Date(expires)
  date.setUTCMonth(date.getUTCMonth() - 1)
  return herokuDate(date)
}

const DETAILS = [
  'Certificate details:',
  'Common Name(s): www.example.com',
  '                example.com',
  `Expires At:     ${herokuDate(leaf.validTo)}`,
  'Issuer:         /C=US/O=Fixture Trust/CN=Fixture Intermediate CA',
  `Starts At:      ${herokuDate(leaf.validFrom)}`,
  'Subject:        /C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
  'SSL certificate is not trusted.',
].join('\n')

describe('certs:auto on heroku (fake API)', () => {
  let api: FakeHerokuApi
  let home: string
  const runs = new Map<string, Promise<SniRun>>()

  before(async () => {
    api = await FakeHerokuApi.start({apps: ['acm-on', 'acm-mixed', 'acm-empty', 'acm-json']})
    home = mkdtempSync(join(tmpdir(), 'sni-acm-heroku-'))
    for (const host of ['www.example.com', 'example.com']) api.seedDomain('acm-on', host)
    api.seedDomain('acm-on', 'api.example.com')
    api.seedDomain('acm-on', 'new.example.com')
    api.setAcm('acm-on', true)
    api.seedAcmCertificate('acm-on', chain, ['www.example.com', 'example.com'])
    api.setAcmStatus('acm-on', 'api.example.com', 'failing', 'CAA record for example.com prevents issuance')
    for (const host of ['a.example.org', 'b.example.org']) api.seedDomain('acm-mixed', host)
    api.setAcm('acm-mixed', true)
    api.setAcmStatus('acm-mixed', 'a.example.org', 'failed')
    api.setAcmStatus('acm-mixed', 'b.example.org', 'dns-verified')
    api.setAcm('acm-empty', true)
    api.seedDomain('acm-json', 'www.example.net')
    api.setAcm('acm-json', true)
    api.setAcmStatus('acm-json', 'www.example.net', 'failed', 'DNS points elsewhere')
    const env = api.env({HOME: home})
    runs.set('disabled', startSni(['certs:auto', '--app', 'example'], {env}))
    runs.set('on', startSni(['certs:auto', '--app', 'acm-on'], {env}))
    runs.set('mixed', startSni(['certs:auto', '--app', 'acm-mixed'], {env}))
    runs.set('empty', startSni(['certs:auto', '--app', 'acm-empty'], {env}))
    runs.set('json', startSni(['certs:auto', '--app', 'acm-json', '--json'], {env}))
    runs.set(
      'bad-duration',
      startSni(['certs:auto', '--app', 'acm-json', '--wait', '--wait-timeout', 'soon', '--json'], {env}),
    )
  })

  after(async () => {
    await api.close()
    rmSync(home, {force: true, recursive: true})
  })

  it("disabled: exactly Heroku's header and a blank line", async () => {
    const run = await runs.get('disabled')
    assert.equal(run?.exitCode, 0, run?.stderr)
    assert.equal(run.stdout, '=== Automatic Certificate Management is disabled on example\n\n')
    assert.equal(run.stderr, '')
  })

  it('enabled: renewal line, details of the one ACM certificate, the domain table with Reason, the failing hint, then the fix', async () => {
    const run = await runs.get('on')
    assert.equal(run?.exitCode, 0, run?.stderr)
    const cnames = new Map(api.snapshot('acm-on').domains.map((d) => [d.hostname as string, d.cname as string]))
    const table = herokuTable(
      ['Domain', 'Status', 'Reason', 'Last Updated'],
      [
        ['www.example.com', 'Cert issued', '', 'less than a minute'],
        ['example.com', 'Cert issued', '', 'less than a minute'],
        ['api.example.com', 'Failing', 'CAA record for example.com prevents issuance', 'less than a minute'],
        ['new.example.com', 'Waiting', '', 'less than a minute'],
      ],
    )
    assert.equal(
      run.stdout,
      [
        '=== Automatic Certificate Management is enabled on acm-on\n\n',
        `Renewal scheduled for ${herokuRenewal(new Date(leaf.validTo))}.\n\n`,
        `${DETAILS}\n\n`,
        table,
        '\n',
        '=== Some domains are failing validation, please verify that your DNS matches: `sni domains --app acm-on`\n',
        '    See our documentation at https://devcenter.heroku.com/articles/automated-certificate-management#failure-reasons\n\n',
        'How to fix:\n',
        '  api.example.com: CAA record for example.com prevents issuance\n',
        `    fix: point api.example.com at ${cnames.get('api.example.com')} with a CNAME record\n\n`,
      ].join(''),
    )
  })

  it("Heroku's status words and the failed hint; no Reason column when no domain has one; no details without an ACM certificate", async () => {
    const run = await runs.get('mixed')
    assert.equal(run?.exitCode, 0, run?.stderr)
    assert.ok(
      run.stdout.startsWith(
        [
          '=== Automatic Certificate Management is enabled on acm-mixed\n\n',
          herokuTable(
            ['Domain', 'Status', 'Last Updated'],
            [
              ['a.example.org', 'Failed', 'less than a minute'],
              ['b.example.org', 'DNS Verified', 'less than a minute'],
            ],
          ),
          '\n=== Some domains failed validation after multiple attempts, retry by running: `sni certs:auto:refresh --app acm-mixed`\n',
        ].join(''),
      ),
      run.stdout,
    )
    assert.match(run.stdout, /fix: point a\.example\.org at \S+\.herokudns\.com with a CNAME record/)
  })

  it('no custom domain: the hint to add one', async () => {
    const run = await runs.get('empty')
    assert.equal(run?.exitCode, 0, run?.stderr)
    assert.equal(
      run.stdout,
      '=== Automatic Certificate Management is enabled on acm-empty\n\n=== Add a custom domain to your app by running: `sni domains:add HOSTNAME --app acm-empty`\n\n',
    )
  })

  it('--json: the status, each domain with its reason and DNS fix, valid against the schema', async () => {
    const run = await runs.get('json')
    assert.equal(run?.exitCode, 0, run?.stderr)
    const status = parseJsonOutput<{
      domains: Array<{acmStatus: string; fix: string; status: string}>
      enabled: boolean
    }>('certs-auto', run.stdout)
    assert.equal(status.enabled, true)
    assert.equal(status.domains[0]?.status, 'Failed')
    assert.match(status.domains[0]?.fix ?? '', /^point www\.example\.net at \S+\.herokudns\.com with a CNAME record$/)
  })

  it('a bad --wait-timeout is a usage error before any request', async () => {
    const run = await runs.get('bad-duration')
    assert.equal(run?.exitCode, 2)
    assert.equal(parseJsonError(run).code, 'DURATION_INVALID')
  })

  it('--wait: live progress on stderr until every domain settles; a failed domain exits 6 with its fix', async () => {
    api.seedDomain('example', 'shop.example.com')
    api.seedDomain('example', 'old.example.com')
    api.setAcm('example', true)
    api.setAcmStatus('example', 'shop.example.com', null, null, [
      ['pending', null],
      ['verified', null],
      ['cert issued', null],
    ])
    api.setAcmStatus('example', 'old.example.com', null, null, [
      ['failing', 'no DNS record'],
      ['failed', 'no DNS record'],
    ])
    const run = await runSni(['certs:auto', '--app', 'example', '--wait', '--wait-interval', '50ms'], {
      env: api.env({HOME: home}),
    })
    assert.equal(run.exitCode, 6, run.stderr)
    assert.match(run.stderr, /^Waiting until the certificate is issued to all domains \(at most 10m 0s\)\.\.\.\n/)
    for (const line of [
      /\] shop\.example\.com: Pending\n/,
      /\] shop\.example\.com: In Progress\n/,
      /\] shop\.example\.com: Cert issued\n/,
      /\] old\.example\.com: Failing \(no DNS record\)\n/,
      /\] old\.example\.com: Failed \(no DNS record\)\n/,
    ]) {
      assert.match(run.stderr, line)
    }

    assert.match(
      run.stderr,
      /ACM could not issue a certificate for old\.example\.com; the reason and the fix are listed above\./,
    )
    assert.match(run.stdout, /fix: point old\.example\.com at \S+ with a CNAME record/)
  })

  it('--wait is bounded: exit 7 naming what is still pending', async () => {
    api.seedDomain('example', 'slow.example.com')
    api.setAcmStatus('example', 'slow.example.com', 'pending')
    const run = await runSni(
      ['certs:auto', '--app', 'example', '--wait', '--wait-timeout', '1s', '--wait-interval', '200ms', '--json'],
      {env: api.env({HOME: home})},
    )
    assert.equal(run.exitCode, 7, run.stderr)
    assert.match(run.stderr, /Timed out after 1s waiting for ACM; still pending: slow\.example\.com\./)
    const status = parseJsonOutput<{wait: {pending: string[]; timedOut: boolean}}>('certs-auto', run.stdout)
    assert.deepEqual(status.wait.pending, ['slow.example.com'])
    assert.equal(status.wait.timedOut, true)
  })
})

describe('certs:auto on the local platform (no CA needed)', () => {
  const local = useLocalSni('sni-acm-local-', [])

  it('disabled until enabled; enabling checks the ACME directory first (nothing changes when it is unreachable)', async () => {
    assert.equal((await local.sni('domains:add', 'www.example.com', '--app', 'shop')).exitCode, 0)
    const status = await local.sni('certs:auto', '--app', 'shop')
    assert.equal(status.stdout, '=== Automatic Certificate Management is disabled on shop\n\n')
    const refused = await local.sni(
      'certs:auto:enable',
      '--app',
      'shop',
      '--acme-directory',
      'https://127.0.0.1:9/dir',
      '--json',
    )
    assert.equal(refused.exitCode, 7)
    assert.equal(parseJsonError(refused).code, 'ACME_DIRECTORY_UNREACHABLE')
    const after = await local.sni('certs:auto', '--app', 'shop', '--json')
    assert.equal(parseJsonOutput<{enabled: boolean}>('certs-auto', after.stdout).enabled, false)
  })

  it('refuses an http:// directory, dns-01 without a hook, and --wait without a running router', async () => {
    assert.equal((await local.sni('domains:add', 'www.example.com', '--app', 'shop')).exitCode, 0)
    const http = await local.sni(
      'certs:auto:enable',
      '--app',
      'shop',
      '--acme-directory',
      'http://127.0.0.1:14000/dir',
      '--json',
    )
    assert.equal(parseJsonError(http).code, 'ACME_DIRECTORY_INVALID')
    const dns = await local.sni('certs:auto:enable', '--app', 'shop', '--challenge', 'dns-01', '--json')
    assert.equal(parseJsonError(dns).code, 'DNS_HOOK_REQUIRED')
    const refresh = await local.sni('certs:auto:refresh', '--app', 'shop', '--json')
    assert.equal(parseJsonError(refresh).code, 'ACM_NOT_ENABLED')
    const wait = await local.sni('certs:auto', '--app', 'shop', '--wait', '--json')
    assert.equal(parseJsonError(wait).code, 'ROUTER_NOT_RUNNING')
  })
})
