import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {parseCertificateDer} from '../../src/lib/x509/parse-certificate.js'
import {TrustStore} from '../../src/lib/chain/root-store.js'
import {validatePath} from '../../src/lib/chain/validate-path.js'
import {assertMatchesSchema} from '../helpers/json-schema.js'
import {type SniRun, startSni} from '../helpers/run-sni.js'
import {
  type CaseOutcome,
  loadBaseline,
  loadDisagreements,
  loadExclusions,
  loadLimbo,
  runServerCases,
  summarize,
} from './limbo.js'

const MAX_CASE_MS = 2000

describe('x509-limbo conformance', () => {
  let outcomes: CaseOutcome[]
  before(async function () {
    this.timeout(120_000)
    outcomes = await runServerCases()
  })

  it('runs every SERVER case through the pre-flight', () => {
    assert.equal(outcomes.length, loadLimbo().filter((c) => c.validation_kind === 'SERVER').length)
    assert.equal(outcomes.length, 197)
  })

  it('answers each case in under 2 s', () => {
    const slow = outcomes.filter((o) => o.ms >= MAX_CASE_MS).map((o) => `${o.id} (${o.ms.toFixed(0)} ms)`)
    assert.deepEqual(slow, [])
  })

  it('agrees with at least the committed baseline (baseline.json), and with the targets of issue 8', () => {
    const summary = summarize(outcomes, loadExclusions())
    const baseline = loadBaseline()
    assert.ok(
      summary.overall.agree >= baseline.agree,
      `agreement fell to ${summary.overall.agree} (baseline ${baseline.agree})`,
    )
    assert.ok(
      summary.validAccepted >= baseline.validAccepted,
      `valid chains accepted fell to ${summary.validAccepted} (baseline ${baseline.validAccepted})`,
    )
    assert.ok(summary.overall.agree >= 175, 'target: 175 of 197')
    assert.ok(summary.validAccepted >= 53, 'target: 53 of the 58 valid chains')
  })

  it('explains every disagreement, and only real ones, in disagreements.json', () => {
    const actual = summarize(outcomes, loadExclusions())
      .disagreements.map((o) => o.id)
      .sort()
    assert.deepEqual(actual, Object.keys(loadDisagreements()).sort())
    for (const [id, reason] of Object.entries(loadDisagreements())) assert.ok(reason.length > 40, id)
  })

  it('excludes only cases that exist, each with a reason, and covers every CLIENT and CRL case', () => {
    const exclusions = loadExclusions()
    const ids = new Set(loadLimbo().map((c) => c.id))
    for (const [id, reason] of Object.entries(exclusions)) {
      assert.ok(ids.has(id), `${id} is not a limbo case`)
      assert.ok(reason.length > 40, id)
    }

    const mustExclude = loadLimbo().filter((c) => c.validation_kind === 'CLIENT' || c.id.startsWith('crl::'))
    assert.deepEqual(
      mustExclude.filter((c) => !(c.id in exclusions)).map((c) => c.id),
      [],
    )
    assert.equal(Object.keys(exclusions).length, mustExclude.length)
  })

  it('answers the 100-intermediate pathological graphs within budget when given to the validator directly', function () {
    // certs:inspect refuses more than 10 certificates before validating; the validator must still be bounded
    this.timeout(30_000)
    const der = (pem: string) => Buffer.from(pem.replaceAll(/-----[^-]+-----|\s/g, ''), 'base64')
    for (const testCase of loadLimbo().filter((c) => c.untrusted_intermediates.length >= 100)) {
      const leaf = parseCertificateDer(der(testCase.peer_certificate), 'leaf.pem', 0)
      const pool = testCase.untrusted_intermediates.map((pem, i) => parseCertificateDer(der(pem), 'pool.pem', i))
      const trust = new TrustStore(
        testCase.trusted_certs.map((pem, i) => parseCertificateDer(der(pem), 'trusted.pem', i)),
        false,
      )
      const started = Date.now()
      const result = validatePath(leaf, pool, trust, {at: new Date(), skewMs: 0})
      assert.ok(Date.now() - started < MAX_CASE_MS, `${testCase.id} took ${Date.now() - started} ms`)
      assert.equal(result.accepted, false, testCase.id)
      assert.ok(result.untrusted, testCase.id)
    }
  })

  describe('end to end through the CLI (sni certs:inspect --ca --hostname --at --json)', () => {
    const work = mkdtempSync(join(tmpdir(), 'sni-limbo-'))
    after(() => rmSync(work, {force: true, recursive: true}))

    // cases anchored at x509-limbo's own roots, so Node's bundled store (which the CLI also trusts) cannot change them
    const ids = [
      'webpki::san::exact-dns-san',
      'webpki::san::exact-localhost-ip-san',
      'rfc5280::validity::expired-leaf',
      'rfc5280::nc::excluded-dns-match',
      'pathological::multiple-chains-expired-intermediate',
      'rfc5280::root-and-intermediate-swapped',
    ]
    const runs = new Map<string, Promise<SniRun>>()
    before(() => {
      // started together (the shared limiter bounds concurrency), awaited one per test
      for (const id of ids) {
        const testCase = loadLimbo().find((c) => c.id === id)
        assert.ok(testCase, id)
        const dir = mkdtempSync(join(work, 'case-'))
        const chain = join(dir, 'chain.pem')
        writeFileSync(chain, [testCase.peer_certificate, ...testCase.untrusted_intermediates].join(''))
        const args = ['certs:inspect', chain, '--json']
        for (const [i, pem] of testCase.trusted_certs.entries()) {
          const file = join(dir, `trusted-${i}.pem`)
          writeFileSync(file, pem)
          args.push('--ca', file)
        }

        if (testCase.expected_peer_name) args.push('--hostname', testCase.expected_peer_name.value)
        if (testCase.validation_time) args.push('--at', testCase.validation_time)
        runs.set(id, startSni(args))
      }
    })

    for (const id of ids) {
      it(id, async () => {
        const expected = loadLimbo().find((c) => c.id === id)?.expected_result
        const run = await (runs.get(id) as Promise<SniRun>)
        assert.ok(run.exitCode === 0 || run.exitCode === 3, run.stderr)
        const report = JSON.parse(run.stdout) as {verdict: {accepted: boolean}}
        assertMatchesSchema('certs-inspect', report)
        assert.equal(report.verdict.accepted, expected === 'SUCCESS', JSON.stringify(report))
      })
    }
  })
})
