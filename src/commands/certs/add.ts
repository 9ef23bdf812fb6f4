import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {ux} from '@oclif/core/ux'

import {inputFlags} from '../../flags/input-flags.js'
import {platformFlags} from '../../flags/platform-flags.js'
import {type AssociationResult, associateDomains, withAssociatedDomains} from '../../lib/certs/associate-domains.js'
import {checkCertificateInput} from '../../lib/certs/checked-input.js'
import {findMatchingDomains} from '../../lib/certs/matching-domains.js'
import {planAssociation} from '../../lib/certs/plan-association.js'
import type {Finding} from '../../lib/cert/types.js'
import {renderAssociationHint, renderAssociationReport} from '../../lib/display/association-report.js'
import {renderAcmReplacementNotice} from '../../lib/display/acm-report.js'
import {renderCertificateDetails} from '../../lib/display/certificate-details.js'
import {type SniEndpointJson, toSniEndpointJson} from '../../lib/display/sni-endpoint-json.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {PlatformCommand} from '../../platform-command.js'
import {chooseDomains} from '../../prompts/choose-domains.js'
import {isAcmEnabled} from '../../services/acm/acm-status.js'
import {createPassphrasePrompt} from '../../prompts/passphrase-prompt.js'

/** The `certs:add --json` result (schema: schemas/certs-add.json). */
export interface CertsAddResult {
  associations: AssociationResult[]
  dryRun: boolean
  endpoint: SniEndpointJson | null
  findings: Finding[]
  matchingDomains: string[]
  plannedDomains: string[]
}

export default class CertsAdd extends PlatformCommand {
  static override args = {
    crt: Args.string({description: 'certificate or chain file (PEM in any order, DER or PKCS#12), or - for stdin', required: true}),
    key: Args.string({description: 'private key file (PKCS#1, PKCS#8, SEC1, encrypted with a passphrase)', required: true}),
  }

  static override description = `Checks the certificate, chain and key locally first (exit 3 and nothing sent on any error), then adds the certificate and associates domains.
Domains: --domains, --all-matching, or a checkbox on a terminal. Without a terminal and without those flags nothing is associated and the exact domains:update commands are printed.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> server.crt server.key --app example-app --domains www.example.com,example.com',
    '<%= config.bin %> <%= command.id %> bundle.pem server.key --app example-app --all-matching --json',
    '<%= config.bin %> <%= command.id %> server.crt server.key --app example-app --dry-run',
  ]

  static override flags = {
    ...platformFlags,
    ...inputFlags,
    'all-matching': Flags.boolean({description: 'associate every domain of the app that the certificate covers', exclusive: ['domains']}),
    domains: Flags.string({delimiter: ',', description: 'comma-separated domains of the app to associate with the certificate', multiple: true}),
    'dry-run': Flags.boolean({description: 'run every check and show what would happen, without changing anything'}),
  }

  static override summary = 'add an SSL certificate to an app'

  async run(): Promise<CertsAddResult> {
    const {args, flags} = await this.parse(CertsAdd)
    const checked = await checkCertificateInput({...flags, crt: args.crt, env: process.env, key: args.key, passphraseFile: flags['passphrase-file'], prompt: createPassphrasePrompt(), report: (t) => this.logToStderr(t)})
    const platform = await this.platformClient(flags)
    const certDomains = checked.leaf.dnsNames
    // Only the domains this certificate can cover are fetched, so large apps cost no more than small ones.
    const [candidates, acm] = await Promise.all([platform.listMatchingDomains(flags.app, certDomains), isAcmEnabled(platform, flags.app)])
    const matching = findMatchingDomains(certDomains, candidates)
    if (acm) this.logToStderr(renderAcmReplacementNotice(flags.app, matching.map((d) => d.hostname)))
    const explicit = flags.domains !== undefined || flags['all-matching']
    const planned = explicit ? planAssociation(certDomains, matching, {allMatching: flags['all-matching'], requested: flags.domains}) : []
    const result: CertsAddResult = {associations: [], dryRun: flags['dry-run'] === true, endpoint: null, findings: checked.findings, matchingDomains: matching.map((d) => d.hostname), plannedDomains: planned}
    if (flags['dry-run']) {
      this.log(`Dry run: the certificate passed every check and would be added to ${flags.app}${planned.length > 0 ? ` and associated with ${planned.join(', ')}` : ''}. Nothing was changed.`)
      return result
    }

    ux.action.start(`Adding SSL certificate to ${flags.app}`)
    const created = await platform.createSniEndpoint(flags.app, {certificateChain: checked.chainPem, privateKey: checked.key.pem})
    ux.action.stop()
    this.log(renderCertificateDetails(created.sslCert ?? {caSigned: false, certDomains}))
    const chosen = explicit ? planned : await this.chooseInteractively(result.matchingDomains)
    result.associations = await associateDomains(platform, flags.app, created.name, chosen, this.config.bin)
    const endpoint = withAssociatedDomains(created, result.associations)
    result.endpoint = toSniEndpointJson(endpoint, {domainHostnames: result.associations.filter((a) => a.ok).map((a) => a.hostname)})
    const report = renderAssociationReport(result.associations) || renderAssociationHint(result.matchingDomains, endpoint.name, flags.app, this.config.bin)
    if (report) this.log(report)
    if (result.associations.some((a) => !a.ok)) process.exitCode = ExitCode.partial
    return result
  }

  /** On a terminal, Heroku's checkbox; otherwise nothing (the hint lists the commands to run). */
  private async chooseInteractively(matching: string[]): Promise<string[]> {
    if (matching.length === 0) {
      this.logToStderr('None of the app\'s domains is covered by this certificate; add one with domains:add HOSTNAME --cert NAME.')
      return []
    }

    if (this.jsonEnabled() || !process.stdin.isTTY || !process.stdout.isTTY) return []
    this.log('=== Almost done! Which of these domains on this application would you like this certificate associated with?\n')
    return chooseDomains(matching)
  }
}
