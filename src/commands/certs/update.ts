import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {ux} from '@oclif/core/ux'

import {confirmFlag, endpointSelectorFlags, platformFlags} from '../../flags/platform-flags.js'
import {inputFlags} from '../../flags/input-flags.js'
import {type CertificateDiff, diffCertificates, describeSslCert} from '../../lib/ssl-cert.js'
import type {Finding} from '../../lib/x509/types.js'
import {resolveSniEndpoint} from '../../services/resolve-endpoint.js'
import {findUncoveredDomains} from '../../lib/domain-association.js'
import {renderCertificateDetails} from '../../lib/display/certificate-details.js'
import {renderCertificateDiff} from '../../lib/display/certificate-diff.js'
import {type SniEndpointJson, toSniEndpointJson} from '../../lib/display/sni-endpoint-json.js'
import {inputError} from '../../lib/sni-error.js'
import {PlatformCommand} from '../../platform-command.js'
import {confirmDestructive} from '../../prompts/confirm-destructive.js'

/** The `certs:update --json` result (schema: schemas/certs-update.json). */
export interface CertsUpdateResult {
  diff: CertificateDiff
  dryRun: boolean
  endpoint: SniEndpointJson
  /** Warnings of the local checks (errors refuse the update); also on stderr. */
  findings: Finding[]
}

export default class CertsUpdate extends PlatformCommand {
  static override args = {
    crt: Args.string({
      description: 'new certificate or chain file (PEM, DER or PKCS#12), or - for stdin',
      ignoreStdin: true,
      required: true,
    }),
    key: Args.string({description: 'new private key file', ignoreStdin: true, required: true}),
  }

  static override description = `Checks the new certificate locally, shows what changes (names, expiry, issuer, key type), and refuses (exit 3) when it would stop covering a domain associated with the endpoint, unless --force.
Needs --confirm APP when there is no terminal (exit 9 otherwise; nothing changes).`

  static override examples = [
    '<%= config.bin %> <%= command.id %> new.crt new.key --app example-app --confirm example-app',
    '<%= config.bin %> <%= command.id %> new.crt new.key --app example-app --name tyrannosaurus-12345 --dry-run',
  ]

  static override flags = {
    ...platformFlags,
    ...endpointSelectorFlags,
    ...confirmFlag,
    ...inputFlags,
    'dry-run': Flags.boolean({description: 'run every check and show the changes, without changing anything'}),
    force: Flags.boolean({description: 'replace the certificate even if it stops covering associated domains'}),
  }

  static override summary = 'update an SSL certificate on an app'

  async run(): Promise<CertsUpdateResult> {
    const {args, flags} = await this.parse(CertsUpdate)
    const checked = await this.checkInputFiles(args, flags)
    const platform = await this.platformClient()
    const current = await resolveSniEndpoint(platform, flags.app, flags)
    const diff = diffCertificates(current.sslCert, describeSslCert(checked.leaf, checked.trust))
    this.log(renderCertificateDiff(diff))
    // The coverage check needs the hostnames of the endpoint's domains: read only when it has some.
    const associated =
      current.domainIds.length > 0
        ? (await platform.getDomainsById(flags.app, current.domainIds)).map((d) => d.hostname)
        : []
    const uncovered = findUncoveredDomains(associated, checked.leaf.dnsNames)
    if (uncovered.length > 0 && !flags.force) {
      throw inputError(
        `${args.crt}: the new certificate does not cover ${uncovered.join(', ')}, which ${uncovered.length === 1 ? 'is' : 'are'} associated with ${current.name}.`,
        'UPDATE_DROPS_DOMAINS',
        'Use a certificate that covers them, move those domains first (domains:update), or pass --force; nothing was changed.',
      )
    }

    if (flags['dry-run']) {
      this.log(`Dry run: ${current.name} on ${flags.app} would be updated. Nothing was changed.`)
      return {
        diff,
        dryRun: true,
        endpoint: toSniEndpointJson(current, {domainHostnames: associated}),
        findings: checked.findings,
      }
    }

    await confirmDestructive({
      app: flags.app,
      command: 'certs:update',
      confirm: flags.confirm,
      json: this.jsonEnabled(),
      rerun: this.rerunWith('--confirm', flags.app),
      warn: (l) => this.logToStderr(l),
      warning: [
        'Potentially Destructive Action',
        `This command will change the certificate of endpoint ${current.name} from ${flags.app}.`,
      ],
    })
    ux.action.start(`Updating SSL certificate ${current.name} for ${flags.app}`)
    const endpoint = await this.change(
      platform,
      {
        check: ['certs:info', '--name', current.name, '--app', flags.app],
        done: `the certificate of ${current.name} was replaced`,
        what: `the update of ${current.name}`,
      },
      () =>
        platform.updateSniEndpoint(flags.app, current.name, {
          certificateChain: checked.chainPem,
          privateKey: checked.key.pem,
        }),
    )
    ux.action.stop()
    this.log(
      renderCertificateDetails(endpoint.sslCert ?? {caSigned: false, certDomains: []}, {
        heading: 'Updated certificate details:',
        name: endpoint.name,
      }),
    )
    return {
      diff,
      dryRun: false,
      endpoint: toSniEndpointJson(endpoint, {domainHostnames: associated}),
      findings: checked.findings,
    }
  }
}
