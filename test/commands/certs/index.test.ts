import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {SecretPem} from '../../../src/lib/x509/secret-pem.js'
import type {SniEndpointJson} from '../../../src/lib/display/sni-endpoint-json.js'
import type {SniEndpoint} from '../../../src/lib/models.js'
import {readFixture} from '../../helpers/fixtures.js'
import {herokuDate, herokuTable} from '../../helpers/heroku-format.js'
import {addWildcardEndpoint, chainInput, useLocalSni, withLocalClient} from '../../helpers/local-store.js'
import {issueTestCertificate} from '../../helpers/issue-test-certificate.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3
const SECRETS = ['leaf-rsa2048.key', 'expired.key', 'wildcard.key'].map((name) => readFixture(name).toString('utf8'))
const DAY = 86_400_000

describe('certs', () => {
  const local = useLocalSni('sni-certs-index-', SECRETS)
  const {sni} = local

  it('says an app has no certificates (exit 0), and an unknown app is not found (exit 5)', async () => {
    await withLocalClient(local.home, async (client) => {
      await client.addDomain('empty-app', {hostname: 'www.example.com', sniEndpoint: null})
    })

    const [empty, emptyJson, unknown, unknownJson, badName] = await Promise.all([
      sni('certs', '--app', 'empty-app'),
      sni('certs', '--app', 'empty-app', '--json'),
      sni('certs', '--app', 'no-such-app'),
      sni('certs', '--app', 'no-such-app', '--json'),
      sni('certs', '--app', 'Bad_App', '--json'),
    ])
    assert.equal(empty.exitCode, 0, empty.stderr)
    assert.equal(
      empty.stdout,
      'empty-app has no SSL certificates.\nUse `sni certs:add CRT KEY --app empty-app` to add one.\n',
    )
    assert.equal(empty.stderr, '')

    assert.equal(emptyJson.exitCode, 0, emptyJson.stderr)
    assert.deepEqual(parseJsonOutput('certs', emptyJson.stdout), [])

    assert.equal(unknown.exitCode, 5)
    assert.equal(unknown.stdout, '')
    assert.match(
      oneLine(unknown.stderr),
      /^Error: Couldn't find that app\. Error ID: not_found Try this: Check the app name/,
    )

    const error = parseJsonError(unknownJson)
    assert.deepEqual([error.exit, error.code, error.message], [5, 'not_found', "Couldn't find that app."])

    const invalid = parseJsonError(badName)
    assert.deepEqual([invalid.exit, invalid.code], [2, 'APP_NAME_INVALID'])
  })

  it("lists Heroku's columns sorted by name, marks expired and expiring certificates and survives missing details", async () => {
    const soonKey = readFixture('leaf-rsa2048.key').toString('utf8')
    const soonNotAfter = new Date(Date.now() + 10 * DAY + 2 * 3_600_000)
    const soon = issueTestCertificate({
      dnsNames: ['soon.example.com'],
      issuer: 'Fixture Intermediate CA',
      keyFixture: 'leaf-rsa2048.key',
      notAfter: soonNotAfter,
      // a 90-day certificate with 10 days left
      notBefore: new Date(soonNotAfter.getTime() - 90 * DAY),
      signerFixture: 'intermediate-ca.key',
      subject: 'soon.example.com',
    })
    const created: SniEndpoint[] = []
    const domainIds: string[] = []
    await withLocalClient(local.home, async (client) => {
      domainIds.push((await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: null})).id)
      domainIds.push((await client.addDomain('shop', {hostname: 'example.com', sniEndpoint: null})).id)
      // certs:add refuses an expired certificate (exit 3), so the platform client stores one directly.
      created.push(
        await client.createSniEndpoint('shop', chainInput('chain-in-order.pem', 'leaf-rsa2048.key')),
        await client.createSniEndpoint('shop', chainInput('expired.crt', 'expired.key')),
        await client.createSniEndpoint('shop', {
          certificateChain: soon.x509.toString(),
          privateKey: new SecretPem(soonKey),
        }),
        await addWildcardEndpoint(client),
        await client.createSniEndpoint('shop', chainInput('chain-in-order.pem', 'leaf-rsa2048.key')),
      )
      await client.updateDomain('shop', 'www.example.com', {sniEndpoint: created[0]?.name ?? ''})
      await client.updateDomain('shop', 'example.com', {sniEndpoint: created[0]?.name ?? ''})
    })

    const [valid, expired, expiring, partial, missing] = created.map((e) => e.name) as [
      string,
      string,
      string,
      string,
      string,
    ]
    // What another platform (or an older store) may hold: details without dates or names, and none at all.
    const db = new Database(join(local.home, 'platform.db'))
    try {
      db.prepare('UPDATE sni_endpoints SET ssl_cert = ?, display_name = ? WHERE name = ?').run(
        JSON.stringify({acm: false, caSigned: true, certDomains: [], selfSigned: false}),
        'partial-cert',
        partial,
      )
      db.prepare("UPDATE sni_endpoints SET ssl_cert = 'null' WHERE name = ?").run(missing)
    } finally {
      db.close()
    }

    const [human, json] = await Promise.all([sni('certs', '--app', 'shop'), sni('certs', '--app', 'shop', '--json')])
    assert.equal(human.exitCode, 0, human.stderr)
    const leaf = new X509Certificate(readFixture('leaf-rsa2048.crt'))
    const expiredCert = new X509Certificate(readFixture('expired.crt'))
    const rows: Array<[name: string, row: string[]]> = [
      [valid, [valid, '', 'www.example.com, example.com', herokuDate(leaf.validTo), 'False', 'SNI', '2']],
      [expired, [expired, '', 'www.example.com', `${herokuDate(expiredCert.validTo)} (expired)`, 'False', 'SNI', '0']],
      [
        expiring,
        [
          expiring,
          '',
          'soon.example.com',
          `${herokuDate(soon.summary.notAfter)} (expires in 10 days)`,
          'False',
          'SNI',
          '0',
        ],
      ],
      [partial, [partial, 'partial-cert', '', 'unknown', 'True', 'SNI', '0']],
      [missing, [missing, '', '', 'unknown', 'False', 'SNI', '0']],
    ]
    rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const headers = ['Name', 'Display Name', 'Common Name(s)', 'Expires', 'Trusted', 'Type', 'Domains']
    assert.equal(
      human.stdout,
      herokuTable(
        headers,
        rows.map(([, row]) => row),
      ),
    )
    assert.equal(
      human.stderr,
      `Warning: 1 expired (${expired}); 1 expiring soon (${expiring} in 10 days). Renew each with \`sni certs:update CRT KEY --app shop --name ${expired}\`, and likewise --name ${expiring}.\n`,
    )

    assert.equal(json.exitCode, 0, json.stderr)
    assert.equal(json.stderr, human.stderr, 'with --json the expiry summary still goes to stderr')
    const listed = parseJsonOutput<SniEndpointJson[]>('certs', json.stdout)
    assertSchemaRefusesPrivateKeys('certs', listed)
    assert.deepEqual(
      listed.map((e) => e.name),
      created.map((e) => e.name),
      'JSON lists endpoints in creation order',
    )
    // Heroku's SniEndpoint: domain ids, snake_case keys; sni's additions under `sni` (no hostnames: the listing reads none).
    assert.deepEqual(listed[0]?.domains, domainIds)
    assert.deepEqual(listed[0]?.sni, {fingerprint256: leaf.fingerprint256, keyType: 'RSA 2048'})
    assert.equal(listed[0]?.ssl_cert?.['ca_signed?'], false)
    assert.match(listed[0]?.ssl_cert?.id ?? '', /^[0-9a-f-]{36}$/)
    assert.equal(listed[4]?.ssl_cert, null)
    assert.equal(listed[3]?.display_name, 'partial-cert')
    assert.equal(listed[3]?.ssl_cert?.id, null, 'a field the platform lacks is null, as Heroku sends it')
    assert.equal(listed[1]?.ssl_cert?.expires_at, new Date(expiredCert.validTo).toISOString())
  })

  it('leaves the Display Name column out when no endpoint has one, and warns of nothing when all are valid', async () => {
    const {name} = await withLocalClient(local.home, (client) => addWildcardEndpoint(client, 'one-cert'))

    const run = await sni('certs', '--app', 'one-cert')
    assert.equal(run.exitCode, 0, run.stderr)
    const wildcard = new X509Certificate(readFixture('wildcard.crt'))
    const headers = ['Name', 'Common Name(s)', 'Expires', 'Trusted', 'Type', 'Domains']
    assert.equal(
      run.stdout,
      herokuTable(headers, [[name, '*.example.com, example.com', herokuDate(wildcard.validTo), 'False', 'SNI', '0']]),
    )
    assert.equal(run.stderr, '')
  })

  it('does not flag a fresh short-lived certificate (30 days) as expiring, and names the one certificate to renew', async () => {
    const key = readFixture('leaf-rsa2048.key').toString('utf8')
    const issue = (subject: string, notBefore: Date, notAfter: Date) =>
      issueTestCertificate({
        dnsNames: [subject],
        keyFixture: 'leaf-rsa2048.key',
        notAfter,
        notBefore,
        subject,
      }).x509.toString()
    const now = Date.now()
    const {fresh, old} = await withLocalClient(local.home, async (client) => {
      // as `certs:generate --selfsigned --days 30` makes it: 30 days from now
      const fresh = (
        await client.createSniEndpoint('short', {
          certificateChain: issue('fresh.example.com', new Date(now - 60_000), new Date(now + 30 * DAY)),
          privateKey: new SecretPem(key),
        })
      ).name
      // the same 30-day lifetime with 5 days left: under a third of it
      const old = (
        await client.createSniEndpoint('short', {
          certificateChain: issue('old.example.com', new Date(now - 25 * DAY), new Date(now + 5 * DAY + 3_600_000)),
          privateKey: new SecretPem(key),
        })
      ).name
      return {fresh, old}
    })

    const run = await sni('certs', '--app', 'short')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.doesNotMatch(run.stdout.split('\n').find((l) => l.includes(fresh)) ?? '', /expire/)
    assert.match(run.stdout.split('\n').find((l) => l.includes(old)) ?? '', /\(expires in 5 days\)/)
    assert.equal(
      run.stderr,
      `Warning: 1 expiring soon (${old} in 5 days). Renew it with \`sni certs:update CRT KEY --app short --name ${old}\`.\n`,
    )
  })
})
