import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {ux} from '@oclif/core/ux'

import {inputFlags} from '../../flags/input-flags.js'
import {platformFlags} from '../../flags/platform-flags.js'
import {
  associateDomains,
  NONE_ASSOCIATED,
  resumeCommand,
  withAssociatedDomains,
} from '../../services/associate-domains.js'
import {type AssociationResult, findMatchingDomains, planAssociation} from '../../lib/domain-association.js'
import type {Finding} from '../../lib/x509/types.js'
import {renderAssociationHint, renderAssociationReport} from '../../lib/display/association-report.js'
import {renderAcmReplacementNotice} from '../../lib/display/acm-report.js'
import {renderCertificateDetails} from '../../lib/display/certificate-details.js'
import {type SniEndpointJson, toSniEndpointJson} from '../../lib/display/sni-endpoint-json.js'
import {cliCommand} from '../../lib/cli-command.js'
import {ExitCode} from '../../lib/exit-codes.js'
import type {PlatformClient} from '../../platform/platform-client.js'
import {PlatformCommand} from '../../platform-command.js'
import {chooseDomains} from '../../prompts/inquirer-prompts.js'
import {mayPrompt} from '../../prompts/may-prompt.js'
import {isAcmEnabled} from '../../services/acm/acm-status.js'
import {addOrReuseCertificate, describeReuse} from '../../services/add-certificate.js'
import {findDomainOwners} from '../../services/domain-owners.js'

/** The `certs:add --json` result (schema: schemas/certs-add.json). */
export interface CertsAddResult {
  associations: AssociationResult[]
  /** False when the app already had an endpoint with this certificate (same leaf) and it was reused, and on a dry run. */
  created: boolean
  dryRun: boolean
  endpoint: SniEndpointJson | null
  findings: Finding[]
  matchingDomains: string[]
  plannedDomains: string[]
}

export default class CertsAdd extends PlatformCommand {
  static override args = {
    crt: Args.string({
      description: 'certificate or chain file (PEM in any order, DER or PKCS#12), or - for stdin',
      ignoreStdin: true,
      required: true,
    }),
    key: Args.string({
      description: 'private key file (PKCS#1, PKCS#8, SEC1, encrypted with a passphrase)',
      ignoreStdin: true,
      required: true,
    }),
  }

  static override description = `Checks the certificate, chain and key locally first (exit 3 and nothing sent on any error), then adds the certificate and associates domains.
Domains: --domains, --all-matching, or a checkbox on a terminal. Without a terminal and without those flags nothing is associated and the exact domains:update commands are printed.
Safe to re-run: when the app already has an endpoint with the same certificate (SHA-256 of the leaf), it is reused and the domains are associated with it (created: false in --json); --allow-duplicate adds another endpoint instead.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> server.crt server.key --app example-app --domains www.example.com,example.com',
    '<%= config.bin %> <%= command.id %> bundle.pem server.key --app example-app --all-matching --json',
    '<%= config.bin %> <%= command.id %> server.crt server.key --app example-app --dry-run',
  ]

  static override flags = {
    ...platformFlags,
    ...inputFlags,
    'all-matching': Flags.boolean({
      description: 'associate every domain of the app that the certificate covers',
      exclusive: ['domains'],
    }),
    'allow-duplicate': Flags.boolean({
      description:
        'add a new endpoint even when the app already has one with this certificate (by default it is reused)',
    }),
    domains: Flags.string({
      delimiter: ',',
      description: 'comma-separated domains of the app to associate with the certificate',
      multiple: true,
    }),
    'dry-run': Flags.boolean({description: 'run every check and show what would happen, without changing anything'}),
  }

  static override summary = 'add an SSL certificate to an app'

  async run(): Promise<CertsAddResult> {
    const {args, flags} = await this.parse(CertsAdd)
    const checked = await this.checkInputFiles(args, flags)
    const platform = await this.platformClient()
    const {app} = flags
    const {bin} = this.config
    const certDomains = checked.leaf.dnsNames
    // Only the domains this certificate can cover are fetched, so large apps cost no more than small ones.
    // An endpoint already holding this certificate is reused; --allow-duplicate does not look.
    const [candidates, sameLeaf, acm] = await Promise.all([
      platform.listMatchingDomains(app, certDomains),
      flags['allow-duplicate'] ? [] : platform.listSniEndpointsWithLeaf(app, checked.leaf.fingerprint256),
      isAcmEnabled(platform, app),
    ])
    const matching = findMatchingDomains(certDomains, candidates)
    if (acm)
      this.logToStderr(
        renderAcmReplacementNotice(
          app,
          matching.map((d) => d.hostname),
        ),
      )
    const explicit = flags.domains !== undefined || flags['all-matching']
    const owners = flags.domains
      ? await findDomainOwners(platform, flags.domains, new Set(matching.map((d) => d.hostname)))
      : new Map<string, string | null | undefined>()
    const planned = explicit
      ? planAssociation(certDomains, matching, {
          allMatching: flags['all-matching'],
          app,
          ownerOf: (h) => owners.get(h),
          requested: flags.domains,
        })
      : []
    const [reuse] = sameLeaf
    const result: CertsAddResult = {
      associations: [],
      created: false,
      dryRun: flags['dry-run'] === true,
      endpoint: null,
      findings: checked.findings,
      matchingDomains: matching.map((d) => d.hostname),
      plannedDomains: planned,
    }
    if (flags['dry-run']) {
      const associated = planned.length > 0 ? ` and associated with ${planned.join(', ')}` : ''
      this.log(
        reuse
          ? `Dry run: the certificate passed every check; ${app} already has it as ${reuse.name}, which would be reused${associated}. Nothing was changed.`
          : `Dry run: the certificate passed every check and would be added to ${app}${associated}. Nothing was changed.`,
      )
      return result
    }

    const input = {certificateChain: checked.chainPem, privateKey: checked.key.pem}
    if (planned.length > 0) this.journal.remaining([NONE_ASSOCIATED])
    if (reuse) {
      for (const line of describeReuse(app, sameLeaf, checked.chainPem, {bin, crt: args.crt, key: args.key}))
        this.logToStderr(line)
    } else ux.action.start(`Adding SSL certificate to ${app}`)
    const placed = await addOrReuseCertificate(
      {bin, journal: this.journal, platform},
      {allowDuplicate: flags['allow-duplicate'], app, input, sameLeaf},
    )
    if (!reuse) ux.action.stop()
    const {endpoint} = placed
    result.created = placed.created
    this.log(renderCertificateDetails(endpoint.sslCert ?? {caSigned: false, certDomains}, {name: endpoint.name}))

    // A reused endpoint may serve some domains already: they are not offered or sent again.
    const alreadyAssociated = new Set(matching.filter((d) => d.sniEndpoint?.id === endpoint.id).map((d) => d.hostname))
    const offered = result.matchingDomains.filter((h) => !alreadyAssociated.has(h))
    const pending = (explicit ? planned : offered).filter((h) => !alreadyAssociated.has(h))
    this.journal.remaining(
      pending.length > 0 ? [NONE_ASSOCIATED] : [],
      pending.map((h) => resumeCommand(bin, h, endpoint.name, app)),
    )
    const chosen = explicit
      ? planned
      : await this.chooseInteractively(offered, {
          anyMatching: result.matchingDomains.length > 0,
          app,
          certDomains,
          endpointName: endpoint.name,
          platform,
        })
    const sent = await associateDomains(
      platform,
      app,
      endpoint.name,
      chosen.filter((h) => !alreadyAssociated.has(h)),
      bin,
      this.journal,
    )
    const cnames = new Map(matching.map((d) => [d.hostname, d.cname]))
    result.associations = chosen.map(
      (hostname) =>
        sent.find((r) => r.hostname === hostname) ?? {
          cname: cnames.get(hostname) ?? null,
          hostname,
          ok: true,
        },
    )
    const associated = withAssociatedDomains(endpoint, sent)
    result.endpoint = toSniEndpointJson(associated, {
      domainHostnames: result.associations.filter((a) => a.ok).map((a) => a.hostname),
    })
    const report =
      renderAssociationReport(result.associations, app) || renderAssociationHint(offered, endpoint.name, app, bin)
    if (report) this.log(report)
    if (result.associations.some((a) => !a.ok)) process.exitCode = ExitCode.partial
    return result
  }

  /** On a terminal, Heroku's checkbox; otherwise nothing (the hint lists the commands to run). */
  private async chooseInteractively(
    offered: string[],
    context: {anyMatching: boolean; app: string; certDomains: string[]; endpointName: string; platform: PlatformClient},
  ): Promise<string[]> {
    const {app, certDomains, endpointName, platform} = context
    if (!context.anyMatching) {
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
        lines.push(
          `To serve it, add ${addable.length === 1 ? 'the domain' : 'the domains'} it covers:`,
          ...addable.map((name) => `  ${cliCommand('domains:add', name, '--cert', endpointName, '--app', app)}`),
        )
      }

      for (const name of shown) {
        const owner = owners.get(name)
        if (owner) lines.push(`${name} is a domain of the app ${owner}; a domain belongs to one app only.`)
      }

      if (more > 0)
        lines.push(
          `It covers ${more} more name${more === 1 ? '' : 's'}; \`${cliCommand('certs:info', '--app', app, '--name', endpointName)}\` lists them all.`,
        )
      this.logToStderr(lines.join('\n'))
      return []
    }

    // The checkbox draws on stdout, as Heroku's does.
    if (offered.length === 0 || !mayPrompt({json: this.jsonEnabled(), streams: [process.stdin, process.stdout]}))
      return []
    this.log(
      '=== Almost done! Which of these domains on this application would you like this certificate associated with?\n',
    )
    return chooseDomains(offered)
  }
}
