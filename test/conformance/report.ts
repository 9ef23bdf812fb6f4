// `npm run conformance`: runs every x509-limbo SERVER case through the pre-flight in-process and
// prints agreement per family, per expected result and overall, then each disagreement and
// exclusion with its reason. Exits 1 when agreement fell below baseline.json or a disagreement
// is not explained in disagreements.json.
import {formatSummary, loadBaseline, loadDisagreements, loadExclusions, runServerCases, summarize} from './limbo.js'

const started = Date.now()
const outcomes = await runServerCases()
const exclusions = loadExclusions()
const explained = loadDisagreements()
const summary = summarize(outcomes, exclusions)
console.log(formatSummary(summary))
console.log(`\nDisagreements (${summary.disagreements.length}; reasons in test/conformance/disagreements.json):`)
for (const o of summary.disagreements) {
  console.log(
    `  ${o.id}: expected ${o.expected}, verdict ${o.accepted ? 'accepted' : `refused (${o.refused ?? o.reasons.join(', ')})`}`,
  )
  console.log(`    ${explained[o.id] ?? 'NOT EXPLAINED: add a reason to disagreements.json'}`)
}

const refused = outcomes.filter((o) => o.refused && !(o.id in exclusions))
console.log(
  `\nRefused as input before any verdict (${refused.length}), as certs:inspect would: ${refused.map((o) => `${o.id} (${o.refused})`).join(', ')}`,
)
const excluded = outcomes.filter((o) => o.id in exclusions)
console.log(
  `\nExcluded (${excluded.length} SERVER cases; reasons in test/conformance/exclusions.json): ${excluded.map((o) => o.id).join(', ')}`,
)
const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a))
console.log(
  `\n${outcomes.length} cases in ${Date.now() - started} ms; slowest ${slowest.id} (${slowest.ms.toFixed(0)} ms)`,
)
const baseline = loadBaseline()
const unexplained = summary.disagreements.filter((o) => !(o.id in explained))
if (
  summary.overall.agree < baseline.agree ||
  summary.validAccepted < baseline.validAccepted ||
  unexplained.length > 0
) {
  console.log(
    `\nBelow the baseline (${baseline.agree} agree, ${baseline.validAccepted} valid accepted) or unexplained disagreements.`,
  )
  process.exitCode = 1
}
