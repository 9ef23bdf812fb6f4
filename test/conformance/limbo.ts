import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {preflightSources} from '../../src/lib/preflight/preflight-files.js'
import {SniError} from '../../src/lib/sni-error.js'

/**
 * The x509-limbo conformance harness: runs each vendored case through the pre-flight's library entry
 * point (preflightSources, what certs:inspect runs after reading its files) and compares the
 * verdict with the case's expected result.
 */

const here = dirname(fileURLToPath(import.meta.url))

export interface LimboCase {
  id: string
  description: string
  validation_kind: 'CLIENT' | 'SERVER'
  trusted_certs: string[]
  untrusted_intermediates: string[]
  peer_certificate: string
  validation_time: string | null
  expected_peer_name: {kind: 'DNS' | 'IP' | 'RFC822'; value: string} | null
  expected_result: 'FAILURE' | 'SUCCESS'
  max_chain_depth: number | null
  features: string[]
}

export interface CaseOutcome {
  id: string
  family: string
  expected: LimboCase['expected_result']
  accepted: boolean
  agrees: boolean
  ms: number
  /** The error code when the input was refused before any verdict (an unreadable certificate, too many certificates...). */
  refused?: string
  /** The verdict's reason codes. */
  reasons: string[]
}

export const FAMILIES = ['rfc5280', 'webpki', 'online', 'pathlen', 'pathological', 'crl', 'cve']

export function loadLimbo(): LimboCase[] {
  return (JSON.parse(readFileSync(join(here, 'x509-limbo', 'limbo.json'), 'utf8')) as {testcases: LimboCase[]})
    .testcases
}

function loadReasons(file: string): Record<string, string> {
  return JSON.parse(readFileSync(join(here, file), 'utf8')) as Record<string, string>
}

/** Cases sni deliberately does not judge, with the reason for each (like Go's limbo allow-list). */
export function loadExclusions(): Record<string, string> {
  return loadReasons('exclusions.json')
}

/** Every remaining disagreement, with its reason. */
export function loadDisagreements(): Record<string, string> {
  return loadReasons('disagreements.json')
}

export function familyOf(id: string): string {
  return id.split('::')[0] ?? id
}

/**
 * One case as `sni certs:inspect PEER+INTERMEDIATES --ca TRUSTED... --hostname NAME --at TIME`
 * would judge it, trusting only the case's own anchors (not Node's bundled roots).
 */
export async function runLimboCase(testCase: LimboCase): Promise<CaseOutcome> {
  const started = process.hrtime.bigint()
  const outcome = {expected: testCase.expected_result, family: familyOf(testCase.id), id: testCase.id}
  let accepted = false
  let refused: string | undefined
  let reasons: string[] = []
  try {
    const result = await preflightSources({
      ...(testCase.validation_time ? {at: new Date(testCase.validation_time)} : {}),
      ca: testCase.trusted_certs.map((pem, i) => ({data: Buffer.from(pem), label: `trusted-${i + 1}.pem`})),
      certificate: {
        data: Buffer.from([testCase.peer_certificate, ...testCase.untrusted_intermediates].join('')),
        label: 'chain.pem',
      },
      hostnames: testCase.expected_peer_name ? [testCase.expected_peer_name.value] : [],
      ...(testCase.max_chain_depth === null ? {} : {maxIntermediates: testCase.max_chain_depth}),
      passphrase: async () => undefined,
      systemRoots: false,
    })
    accepted = result.verdict.accepted
    reasons = result.verdict.reasons.map((r) => r.code)
  } catch (error) {
    if (!(error instanceof SniError)) throw error
    refused = error.code
  }

  const ms = Number(process.hrtime.bigint() - started) / 1e6
  return {
    ...outcome,
    accepted,
    agrees: accepted === (testCase.expected_result === 'SUCCESS'),
    ms,
    reasons,
    ...(refused ? {refused} : {}),
  }
}

export interface Tally {
  cases: number
  excluded: number
  judged: number
  agree: number
}

export interface ConformanceSummary {
  byFamily: Map<string, Tally>
  byExpected: Map<string, Tally>
  overall: Tally
  /** Judged SUCCESS cases the verdict accepted. */
  validAccepted: number
  validCases: number
  disagreements: CaseOutcome[]
}

function tally(rows: Array<{excluded: boolean; agrees: boolean}>): Tally {
  const judged = rows.filter((r) => !r.excluded)
  return {
    agree: judged.filter((r) => r.agrees).length,
    cases: rows.length,
    excluded: rows.length - judged.length,
    judged: judged.length,
  }
}

/** Agreement per family, per expected result and overall; excluded cases count in `cases` but never as agreement. */
export function summarize(outcomes: CaseOutcome[], exclusions: Record<string, string>): ConformanceSummary {
  const rows = outcomes.map((o) => ({...o, excluded: o.id in exclusions}))
  const group = (key: (o: (typeof rows)[number]) => string, order: string[]) =>
    new Map(order.map((k) => [k, tally(rows.filter((r) => key(r) === k))] as const).filter(([, t]) => t.cases > 0))
  const valid = rows.filter((r) => r.expected === 'SUCCESS')
  return {
    byExpected: group((o) => o.expected, ['SUCCESS', 'FAILURE']),
    byFamily: group((o) => o.family, FAMILIES),
    disagreements: rows.filter((r) => !r.excluded && !r.agrees),
    overall: tally(rows),
    validAccepted: valid.filter((r) => !r.excluded && r.accepted).length,
    validCases: valid.length,
  }
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`
}

/** The table `npm run conformance` prints. */
export function formatSummary(summary: ConformanceSummary): string {
  const header = `${'group'.padEnd(14)}${'cases'.padStart(7)}${'excluded'.padStart(10)}${'judged'.padStart(8)}${'agree'.padStart(7)}${'disagree'.padStart(10)}${'agree/cases'.padStart(13)}`
  const line = (name: string, t: Tally) =>
    `${name.padEnd(14)}${String(t.cases).padStart(7)}${String(t.excluded).padStart(10)}${String(t.judged).padStart(8)}${String(t.agree).padStart(7)}${String(t.judged - t.agree).padStart(10)}${percent(t.agree, t.cases).padStart(13)}`
  return [
    'x509-limbo conformance: SERVER cases, sni certs:inspect verdict vs expected result',
    '',
    header,
    ...[...summary.byFamily].map(([name, t]) => line(name, t)),
    '',
    ...[...summary.byExpected].map(([name, t]) => line(name, t)),
    '',
    line('overall', summary.overall),
    '',
    `valid chains accepted: ${summary.validAccepted} of ${summary.validCases}`,
  ].join('\n')
}

export interface Baseline {
  agree: number
  validAccepted: number
}

export function loadBaseline(): Baseline {
  return JSON.parse(readFileSync(join(here, 'baseline.json'), 'utf8')) as Baseline
}

/** Every SERVER case, in-process, in file order. */
export async function runServerCases(): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = []
  for (const testCase of loadLimbo())
    if (testCase.validation_kind === 'SERVER') outcomes.push(await runLimboCase(testCase))
  return outcomes
}
