import {spawn} from 'node:child_process'

import {escapeForDisplay} from '../../lib/display-text.js'

export type DnsHookAction = 'cleanup' | 'publish'

export interface DnsHookCall {
  action: DnsHookAction
  /** The domain being validated (`www.example.com`, or `example.com` for `*.example.com`). */
  domain: string
  /** `_acme-challenge.www.example.com`. */
  recordName: string
  /** The TXT value (base64url of the key authorization's SHA-256). */
  recordValue: string
}

/** A hook that has not finished after this long is stopped and the attempt fails. */
export const DNS_HOOK_TIMEOUT_MS = 120_000

/**
 * Runs the user's DNS-01 hook, like certbot's manual hooks: through `/bin/sh -c`, with the action,
 * the record name and its value appended as arguments (`CMD publish _acme-challenge.www.example.com VALUE`)
 * and also in the environment (SNI_ACME_ACTION, SNI_ACME_DOMAIN, SNI_ACME_RECORD_NAME,
 * SNI_ACME_RECORD_VALUE, and certbot's CERTBOT_DOMAIN and CERTBOT_VALIDATION so certbot hook
 * scripts work as they are). `publish` must return once the record is visible to the CA's
 * resolvers. Rejects with the exit status and the hook's last line of stderr.
 */
export function runDnsHook(command: string, call: DnsHookCall, timeoutMs = DNS_HOOK_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      '/bin/sh',
      ['-c', `${command} "$@"`, 'sni-dns-hook', call.action, call.recordName, call.recordValue],
      {
        env: {
          ...process.env,
          CERTBOT_DOMAIN: call.domain,
          CERTBOT_VALIDATION: call.recordValue,
          SNI_ACME_ACTION: call.action,
          SNI_ACME_DOMAIN: call.domain,
          SNI_ACME_RECORD_NAME: call.recordName,
          SNI_ACME_RECORD_VALUE: call.recordValue,
        },
        // Its own process group, so a hung hook is stopped with everything it started.
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000)
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }, timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`the DNS hook could not be started (${error.message})`))
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) {
        resolve()
        return
      }

      const last = stderr.trim().split('\n').at(-1)?.slice(0, 200) ?? ''
      const how = timedOut
        ? `did not finish within ${timeoutMs / 1000} s`
        : signal
          ? `was killed by ${signal}`
          : `exited ${code}`
      reject(
        new Error(
          `the DNS hook (${call.action} ${call.recordName}) ${how}${last ? `: ${escapeForDisplay(last)}` : ''}`,
        ),
      )
    })
  })
}
