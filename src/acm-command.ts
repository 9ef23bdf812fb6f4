import {formatDuration, parseDuration} from './lib/acm/acme-settings-input.js'
import type {AcmStatusResult, AcmWaitOutcome} from './lib/display/acm-status-view.js'
import {renderAcmStatus} from './lib/display/acm-report.js'
import {cliCommand} from './lib/cli-command.js'
import {ExitCode} from './lib/exit-codes.js'
import {usageError} from './lib/sni-error.js'
import type {PlatformClient} from './platform/platform-client.js'
import {resolveSniHome} from './platform/local/store-location.js'
import {PlatformCommand} from './platform-command.js'
import {readRouterState} from './router/router-state.js'
import {readAcmStatus} from './services/acm/acm-status.js'
import {waitForAcm} from './services/acm/wait-for-acm.js'

export interface AcmWaitFlags {
  wait: boolean
  'wait-interval'?: string
  'wait-timeout': string
}

/** Heroku polls every 15-60 s; we start at 2 s and grow to 15 s, which is still few requests. */
function herokuInterval(poll: number): number {
  return Math.min(2000 * 1.5 ** (poll - 1), 15_000)
}

/** Progress and outcome lines on stderr, with or without --json: stdout stays one JSON document. */
function progress(line: string): void {
  process.stderr.write(`${line}\n`)
}

/** Base of the certs:auto commands: the status view, `--wait` with live progress, and its exit codes. */
export abstract class AcmCommand extends PlatformCommand {
  /** The local platform's certificates come from the running router: without it, waiting cannot end. */
  protected requireRouterForWait(platform: PlatformClient, flags: AcmWaitFlags): void {
    if (!flags.wait || platform.kind !== 'local' || this.routerRunning()) return
    throw usageError(
      'The local router is not running, and it is what obtains ACM certificates, so --wait would never end; nothing was changed.',
      'ROUTER_NOT_RUNNING',
      `Start \`${cliCommand('router:start')}\` (with --http-port for HTTP-01) in another terminal, then run this again.`,
    )
  }

  /** The local platform's ACM certificates come from the running router: say so when none runs. */
  protected warnIfNoRouter(platform: PlatformClient, enabled: boolean): void {
    if (enabled && platform.kind === 'local' && !this.routerRunning()) {
      this.logToStderr(
        `Warning: the router is not running; \`${cliCommand('router:start')}\` obtains and renews the ACM certificates (HTTP-01 needs its --http-port reachable by the CA).`,
      )
    }
  }

  protected routerRunning(): boolean {
    return readRouterState(resolveSniHome(process.env)) !== undefined
  }

  /** Checks the wait flags before anything changes (a bad duration is exit 2). */
  protected waitBounds(flags: AcmWaitFlags): {intervalMs?: number; timeoutMs: number} {
    const timeoutMs = parseDuration(flags['wait-timeout'], '--wait-timeout')
    const intervalMs =
      flags['wait-interval'] === undefined
        ? undefined
        : Math.max(100, parseDuration(flags['wait-interval'], '--wait-interval'))
    return {intervalMs, timeoutMs}
  }

  /** Waits (when asked), then prints the status and returns it; exit 6 if a domain failed, 7 on timeout. */
  protected async reportAcm(platform: PlatformClient, app: string, flags: AcmWaitFlags): Promise<AcmStatusResult> {
    let wait: AcmWaitOutcome | undefined
    if (flags.wait) wait = await this.waitWithProgress(platform, app, flags)
    const {endpoints, status} = await readAcmStatus(platform, app)
    if (wait) status.wait = wait
    const text = renderAcmStatus(status, {
      endpointCount: endpoints.length,
      heroku: platform.kind === 'heroku',
      now: new Date(),
    })
    this.log(text.replace(/\n$/, ''))
    this.warnIfNoRouter(platform, status.enabled)
    if (wait?.timedOut) {
      progress(
        `Timed out after ${formatDuration(wait.seconds * 1000)} waiting for ACM; still pending: ${wait.pending.join(', ')}. Check again with \`${cliCommand('certs:auto', '--app', app, '--wait')}\`.`,
      )
      process.exitCode = ExitCode.transient
    } else if (wait && wait.failed.length > 0) {
      progress(
        `ACM could not issue a certificate for ${wait.failed.join(', ')}; the reason and the fix are listed above. After fixing, run \`${cliCommand('certs:auto:refresh', '--app', app)}\`.`,
      )
      process.exitCode = ExitCode.partial
    }

    return status
  }

  private async waitWithProgress(platform: PlatformClient, app: string, flags: AcmWaitFlags): Promise<AcmWaitOutcome> {
    const {intervalMs, timeoutMs} = this.waitBounds(flags)
    progress(`Waiting until the certificate is issued to all domains (at most ${formatDuration(timeoutMs)})...`)
    const local = platform.kind === 'local'
    return waitForAcm(platform, app, {
      check: () => {
        if (local && !this.routerRunning()) {
          throw usageError(
            'The local router stopped, so ACM certificates cannot be obtained.',
            'ROUTER_NOT_RUNNING',
            `Start \`${cliCommand('router:start')}\` again, then run \`${cliCommand('certs:auto', '--app', app, '--wait')}\`.`,
          )
        }
      },
      intervalMs: (poll) => intervalMs ?? (local ? 250 : herokuInterval(poll)),
      onChange: (domain, status, elapsedMs) => {
        const reason = domain.acmStatusReason ? ` (${domain.acmStatusReason})` : ''
        progress(`[${(elapsedMs / 1000).toFixed(1).padStart(5)}s] ${domain.hostname}: ${status}${reason}`)
      },
      timeoutMs,
    })
  }
}
