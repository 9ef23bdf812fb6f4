import {ux} from '@oclif/core/ux'

import {AcmCommand} from '../../../acm-command.js'
import {acmeSettingsFlags, acmWaitFlags} from '../../../flags/acm-flags.js'
import {platformFlags} from '../../../flags/platform-flags.js'
import {resolveAcmeDirectory} from '../../../lib/acm/acme-settings-input.js'
import {customDomains, dnsFixFor} from '../../../lib/acm/acm-status.js'
import {type AcmStatusJson, toAcmStatusJson} from '../../../lib/display/acm-status-view.js'
import {SecretPem} from '../../../lib/x509/secret-pem.js'
import {cliCommand} from '../../../lib/cli-command.js'
import {renderTextTable} from '../../../lib/display/text-table.js'
import {readRegularFile} from '../../../lib/input/read-input-file.js'
import {usageError} from '../../../lib/sni-error.js'
import type {Domain} from '../../../lib/models.js'
import type {AcmEnableInput} from '../../../platform/platform-client.js'
import {readAcmStatus} from '../../../services/acm/acm-status.js'
import {probeAcmeDirectory} from '../../../services/acm/acme-directory.js'

type EnableFlags = {
  'acme-directory'?: string
  challenge?: 'dns-01' | 'http-01' | 'tls-alpn-01'
  'dns-hook'?: string
  'eab-hmac-key-file'?: string
  'eab-kid'?: string
  'key-type'?: 'ecdsa' | 'rsa'
}

const LOCAL_ONLY = ['acme-directory', 'challenge', 'dns-hook', 'eab-hmac-key-file', 'eab-kid', 'key-type'] as const

/** The EAB HMAC key from its file (first line) or SNI_ACME_EAB_HMAC_KEY; never from a flag value (it would show in process lists). */
async function readEab(flags: EnableFlags): Promise<AcmEnableInput['eab']> {
  const kid = flags['eab-kid']
  const file = flags['eab-hmac-key-file']
  if (kid === undefined) {
    if (file !== undefined)
      throw usageError(
        '--eab-hmac-key-file needs --eab-kid.',
        'EAB_INCOMPLETE',
        'Give both --eab-kid KID and --eab-hmac-key-file FILE.',
      )
    return undefined
  }

  const text =
    file === undefined
      ? (process.env.SNI_ACME_EAB_HMAC_KEY ?? '')
      : (await readRegularFile(file, {cap: 4096, what: 'EAB HMAC key file'})).toString('utf8')
  const hmacKey = text.split(/\r?\n/)[0]?.trim() ?? ''
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(hmacKey)) {
    throw usageError(
      '--eab-kid needs the HMAC key the CA gave with it (base64url).',
      'EAB_INCOMPLETE',
      'Put it in a file for --eab-hmac-key-file, or in SNI_ACME_EAB_HMAC_KEY.',
    )
  }

  return {hmacKey: new SecretPem(hmacKey), kid}
}

export default class CertsAutoEnable extends AcmCommand {
  static override description = `Turns Automated Certificate Management on: every custom domain of the app gets a certificate from the platform's CA, renewed automatically.
On the local platform the running router (\`<%= config.bin %> router:start\`) obtains them from an RFC 8555 CA (Let's Encrypt by default; --acme-directory for staging, pebble, step-ca...) and answers the challenges itself: HTTP-01 on its HTTP port, TLS-ALPN-01 on its TLS port, or DNS-01 through --dns-hook (the only way for wildcard domains and for apps the CA cannot reach). Private CAs: put their root in NODE_EXTRA_CA_CERTS for sni and the router. The directory is checked before anything changes.
--wait shows each domain's progress on stderr and exits 0 when all have their certificate, 6 when some failed (with the reason and the DNS fix), 7 after --wait-timeout.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app --wait',
    '<%= config.bin %> <%= command.id %> --app example-app --acme-directory staging --challenge tls-alpn-01',
    '<%= config.bin %> <%= command.id %> --app example-app --dns-hook ./publish-txt.sh --wait --wait-timeout 15m',
    '<%= config.bin %> <%= command.id %> --app example-app --acme-directory https://ca.internal/acme/acme/directory --eab-kid KID --eab-hmac-key-file eab.key',
  ]

  static override flags = {...platformFlags, ...acmWaitFlags, ...acmeSettingsFlags}

  static override summary = 'enable ACM for an app'

  async run(): Promise<AcmStatusJson> {
    const {flags} = await this.parse(CertsAutoEnable)
    this.waitBounds(flags)
    const platform = await this.platformClient()
    const input = platform.kind === 'local' ? await this.localSettings(flags) : this.refuseLocalSettings(flags)
    this.requireRouterForWait(platform, flags)
    const before = await platform.listDomains(flags.app)
    ux.action.start('Enabling Automatic Certificate Management')
    await platform.enableAcm(flags.app, input)
    ux.action.stop(
      flags.wait
        ? 'starting.'
        : `starting. See status with \`${cliCommand('certs:auto', '--app', flags.app)}\` or wait until active with \`${cliCommand('certs:auto', '--app', flags.app, '--wait')}\``,
    )
    const status = flags.wait
      ? await this.reportAcm(platform, flags.app, flags)
      : (await readAcmStatus(platform, flags.app)).status
    this.printDnsChanges(
      flags.app,
      before,
      await platform.listDomains(flags.app),
      platform.kind === 'heroku' ? 'Heroku' : 'the local platform',
    )
    if (!flags.wait) this.warnIfNoRouter(platform, true)
    return toAcmStatusJson(status)
  }

  /** Heroku's closing lines: the DNS targets that changed with ACM, or where to look next. */
  private printDnsChanges(app: string, before: Domain[], after: Domain[], manager: string): void {
    const message = `Your certificate will now be managed by ${manager}. Check the status by running \`${cliCommand('certs:auto', '--app', app)}\`.`
    const custom = customDomains(after)
    const changed = custom.filter((d) => {
      const old = before.find((b) => b.hostname === d.hostname)
      return old !== undefined && old.cname !== d.cname
    })
    if (custom.length === 0)
      this.log(
        `=== ${message}  Add a custom domain to your app by running \`${cliCommand('domains:add', 'HOSTNAME', '--app', app)}\`\n`,
      )
    else if (changed.length === 0) this.log(`=== ${message}\n`)
    else {
      const rows = changed.map((d) => [d.hostname, dnsFixFor(d).recordType, d.cname ?? ''])
      this.log(
        `=== ${message}  Update your application's DNS settings as follows\n\n${renderTextTable(['Domain', 'Record Type', 'DNS Target'], rows)}`,
      )
    }
  }

  private refuseLocalSettings(flags: EnableFlags): undefined {
    const given = LOCAL_ONLY.filter((name) => flags[name] !== undefined)
    if (given.length > 0) {
      throw usageError(
        `--${given[0]} applies to the local platform only; Heroku chooses its own CA and challenges.`,
        'ACM_SETTINGS_LOCAL_ONLY',
        `Leave out ${given.map((g) => `--${g}`).join(', ')} on heroku.`,
      )
    }

    return undefined
  }

  /** Every local setting checked (the directory fetched once) before ACM is turned on. */
  private async localSettings(flags: EnableFlags): Promise<AcmEnableInput> {
    const directoryUrl = resolveAcmeDirectory(flags['acme-directory'], process.env)
    const dnsHook = flags['dns-hook']?.trim() || undefined
    const challenge = flags.challenge ?? (dnsHook ? 'dns-01' : 'http-01')
    if (challenge === 'dns-01' && !dnsHook) {
      throw usageError(
        '--challenge dns-01 needs --dns-hook CMD to publish the TXT records.',
        'DNS_HOOK_REQUIRED',
        'Give --dns-hook with a command that publishes and cleans up _acme-challenge TXT records.',
      )
    }

    const eab = await readEab(flags)
    await probeAcmeDirectory(directoryUrl)
    return {challenge, directoryUrl, dnsHook, eab, keyType: flags['key-type'] ?? 'ecdsa'}
  }
}
