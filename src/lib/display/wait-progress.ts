import type {Domain} from '../models.js'
import {describeHostname} from '../display-text.js'

/**
 * Progress of domains:wait (and domains:add --wait) as lines for stderr. A domain that is ready at the
 * first read prints Heroku's `Waiting for HOST... done`; one that is pending prints a line per read,
 * so the wait is visible in a terminal and in a CI log alike.
 */
export function createWaitProgress(write: (text: string) => void): {
  done(domain: Domain): void
  poll(domain: Domain, elapsedMs: number): void
  start(domain: Domain): void
  stop(domain: Domain): void
} {
  let polled = false
  return {
    done(domain) {
      write(polled ? `Waiting for ${describeHostname(domain.hostname)}... done\n` : ' done\n')
    },
    poll(domain, elapsedMs) {
      const line = `${domain.status} after ${Math.round(elapsedMs / 1000)} s`
      write(polled ? `Waiting for ${describeHostname(domain.hostname)}... ${line}\n` : ` ${line}\n`)
      polled = true
    },
    start(domain) {
      polled = false
      write(`Waiting for ${describeHostname(domain.hostname)}...`)
    },
    stop(domain) {
      write(polled ? `Waiting for ${describeHostname(domain.hostname)}... ${domain.status}\n` : ` ${domain.status}\n`)
    },
  }
}
