import {ux} from '@oclif/core/ux'

import {AcmCommand} from '../../../acm-command.js'
import {confirmFlag, platformFlags} from '../../../flags/platform-flags.js'
import {cliCommand} from '../../../lib/cli-command.js'
import {confirmDestructive} from '../../../prompts/confirm-destructive.js'

/** The `certs:auto:disable --json` result (schema: schemas/certs-auto-disable.json). */
export interface CertsAutoDisableResult {
  app: string
  enabled: false
  /** ACM certificates removed with it; their domains are left without a certificate. */
  removedCertificates: string[]
}

export default class CertsAutoDisable extends AcmCommand {
  static override description = `Turns Automated Certificate Management off. Its certificates are removed, so HTTPS stops for their domains until you add certificates of your own (certs:add, or certs:update on an existing one).
Needs --confirm APP when there is no terminal (exit 9 otherwise; nothing changes).`

  static override examples = ['<%= config.bin %> <%= command.id %> --app example-app --confirm example-app']

  static override flags = {...platformFlags, ...confirmFlag}

  static override summary = 'disable ACM for an app'

  async run(): Promise<CertsAutoDisableResult> {
    const {flags} = await this.parse(CertsAutoDisable)
    const platform = await this.platformClient()
    const {app} = flags
    await confirmDestructive({
      app,
      command: 'certs:auto:disable',
      confirm: flags.confirm,
      json: this.jsonEnabled(),
      rerun: this.rerunWith('--confirm', app),
      warn: (line) => this.logToStderr(line),
      warning: [
        `This command will disable Automatic Certificate Management from ${app}.`,
        `This will cause the certificate to be removed from ${app} causing SSL validation errors. In order to avoid downtime, the recommended steps are preferred which will also disable Automatic Certificate Management.`,
        '1) Request a new SSL certificate for your domains names from your certificate provider',
        `2) \`${cliCommand('certs:update', 'CRT', 'KEY', '--app', app)}\``,
      ],
    })
    const before = (await platform.listSniEndpoints(app)).filter((e) => e.sslCert?.acm === true).map((e) => e.name)
    ux.action.start('Disabling Automatic Certificate Management')
    await platform.disableAcm(app)
    ux.action.stop()
    if (before.length > 0)
      this.log(
        `Removed the ACM certificate${before.length === 1 ? '' : 's'} ${before.join(', ')}; HTTPS stops for their domains until they get a certificate.`,
      )
    return {app, enabled: false, removedCertificates: before}
  }
}
