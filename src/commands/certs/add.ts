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
import {renderCertificateDetails} from '../../lib/display/certificate-details.js'
import {cliCommand} from '../../lib/cli-command.js'
import {ExitCode} from '../../lib/exit-codes.js'
import type {SniEndpoint} from '../../platform/models.js'
import type {PlatformClient} from '../../platform/platform-client.js'
import {PlatformCommand} from '../../platform-command.js'
import {chooseDomains} from '../../prompts/choose-domains.js'
import {mayPrompt} from '../../prompts/may-prompt.js'
import {createPassphrasePrompt} from '../../prompts/passphrase-prompt.js'
import {findDomainOwners} from '../../services/domain-owners.js'

/** The `certs:add --json` result (schema: schemas/certs-add.json). */
export interface CertsAddResult {
  associations: AssociationResult[]
  dryRun: boolean
  endpoint: SniEndpoint | null
  findings: Finding[]
  matchingDomains: string[]
  plannedDomains: string[]
}

export default class CertsAdd extends PlatformCommand {
  static override args = {
    crt: Args.string({description: 'certificate or chain file (PEM in any order, DER or PKCS#12), or - for stdin', ignoreStdin: true, required: true}),
    key: Args.string({description: 'private key file (PKCS#1, PKCS#8, SEC1, encrypted with a passphrase)', ignoreStdin: true, required: true}),
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
    const checked = await checkCertificateInput({...flags, crt: args.crt, env: process.env, key: args.key, passphraseFile: flags['passphrase-file'], prompt: createPassphrasePrompt(this.jsonEnabled()), report: (t) => this.logToStderr(t), usage: this.synopsis()})
    const platform = await this.platformClient(flags)
    const certDomains = checked.leaf.dnsNames
    // Only the domains this certificate can cover are fetched, so large apps cost no more than small ones.
    const matching = findMatchingDomains(certDomains, await platform.listMatchingDomains(flags.app, certDomains))
    const explicit = flags.domains !== undefined || flags['all-matching']
    const owners = flags.domains ? await findDomainOwners(platform, flags.domains, new Set(matching.map((d) => d.hostname))) : new Map()
    const planned = explicit ? planAssociation(certDomains, matching, {allMatching: flags['all-matching'], app: flags.app, ownerOf: (h) => owners.get(h), requested: flags.domains}) : []
    const result: CertsAddResult = {associations: [], dryRun: flags['dry-run'] === true, endpoint: null, findings: checked.findings, matchingDomains: matching.map((d) => d.hostname), plannedDomains: planned}
    if (flags['dry-run']) {
      this.log(`Dry run: the certificate passed every check and would be added to ${flags.app}${planned.length > 0 ? ` and associated with ${planned.join(', ')}` : ''}. Nothing was changed.`)
      return result
    }

    ux.action.start(`Adding SSL certificate to ${flags.app}`)
    result.endpoint = await platform.createSniEndpoint(flags.app, {certificateChain: checked.chainPem, privateKey: checked.key.pem})
    ux.action.stop()
    this.log(renderCertificateDetails(result.endpoint.sslCert ?? {caSigned: false, certDomains}, {name: result.endpoint.name}))
    const chosen = explicit ? planned : await this.chooseInteractively(result.matchingDomains, certDomains, result.endpoint.name, flags.app, platform)
    result.associations = await associateDomains(platform, flags.app, result.endpoint.name, chosen, this.config.bin)
    result.endpoint = withAssociatedDomains(result.endpoint, result.associations)
    const report = renderAssociationReport(result.associations, flags.app) || renderAssociationHint(result.matchingDomains, result.endpoint.name, flags.app, this.config.bin)
    if (report) this.log(report)
    if (result.associations.some((a) => !a.ok)) process.exitCode = ExitCode.partial
    return result
  }

  /** On a terminal, Heroku's checkbox; otherwise nothing (the hint lists the commands to run). */
  private async chooseInteractively(matching: string[], certDomains: string[], endpointName: string, app: string, platform: PlatformClient): Promise<string[]> {
    if (matching.length === 0) {
      if (certDomains.length === 0) {
        this.logToStderr('The certificate names no hostname (it has no subjectAltName), so no domain can use it.')
        return []
      }

      // The commands that add the certificate's own names as domains, already associated with it;
      // a name that is another app's domain cannot be added here, which is said instead.
      const shown = certDomains.slice(0, 5)
      const more = certDomains.length - shown.length
      const owners = await findDomainOwners(platform, shown, new Set())
      const addable = shown.filter((name) => !owners.get(name))
      const lines = [`None of the domains of ${app} is covered by this certificate.`]
      if (addable.length > 0) {
        lines.push(`To serve it, add ${addable.length === 1 ? 'the domain' : 'the domains'} it covers:`, ...addable.map((name) => `  ${cliCommand('domains:add', name, '--cert', endpointName, '--app', app)}`))
      }

      for (const name of shown) {
        const owner = owners.get(name)
        if (owner) lines.push(`${name} is a domain of the app ${owner}; a domain belongs to one app only.`)
      }

      if (more > 0) lines.push(`It covers ${more} more name${more === 1 ? '' : 's'}; \`${cliCommand('certs:info', '--app', app, '--name', endpointName)}\` lists them all.`)
      this.logToStderr(lines.join('\n'))
      return []
    }

    // The checkbox draws on stdout, as Heroku's does.
    if (!mayPrompt({json: this.jsonEnabled(), streams: [process.stdin, process.stdout]})) return []
    this.log('=== Almost done! Which of these domains on this application would you like this certificate associated with?\n')
    return chooseDomains(matching)
  }
}
