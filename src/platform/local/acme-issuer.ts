import {escapeForDisplay} from '../../lib/display-text.js'
import {SecretPem} from '../../lib/x509/secret-pem.js'
import type {AcmJobSettings} from './acm-store.js'
import {runDnsHook} from './acme-dns-hook.js'

type AcmeModule = typeof import('acme-client')
type AcmeClient = InstanceType<AcmeModule['Client']>
type Authorization = Awaited<ReturnType<AcmeClient['getAuthorizations']>>[number]
type Challenge = Authorization['challenges'][number]

/** Where the router answers challenges: HTTP-01 on its HTTP port, TLS-ALPN-01 on its TLS port. */
export interface ChallengeResponder {
  addHttp01(token: string, keyAuthorization: string): void
  removeHttp01(token: string): void
  addTlsAlpn01(hostname: string, certificatePem: string, keyPem: SecretPem): void
  removeTlsAlpn01(hostname: string): void
}

export interface IssueRequest {
  hostname: string
  settings: AcmJobSettings
  /** The store's account key: newAccount registers it, or finds the account it already has. */
  accountKey: SecretPem
  responder: ChallengeResponder
  /** `verified` once the CA validated the domain. */
  onProgress?: (status: 'verified') => void
}

export interface IssuedCertificate {
  /** PEM chain, leaf first, as the CA sent it. */
  chain: string
  key: SecretPem
}

/** Why an ACME step failed, in one line the user can act on (the CA's own `detail` when there is one). */
export class AcmeFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AcmeFailure'
  }
}

let loaded: Promise<AcmeModule> | undefined
let lastCause = ''

/**
 * acme-client, loaded on first use, with its network retries cut to one (the worker has its own
 * backoff, and the default spends 75 s before a TypeError that hides the cause: upstream issue
 * #101); its logger keeps the last network cause so the failure can name it.
 */
export function loadAcmeClient(): Promise<AcmeModule> {
  loaded ??= import('acme-client').then((module) => {
    const acme = ((module as unknown as {default?: AcmeModule}).default ?? module) as AcmeModule
    const settings = (
      acme.axios.defaults as unknown as {acmeSettings?: {retryDefaultDelay: number; retryMaxAttempts: number}}
    ).acmeSettings
    if (settings) {
      settings.retryMaxAttempts = 1
      settings.retryDefaultDelay = 1
    }

    acme.setLogger((message) => {
      const caught = /Caught (\S+)/.exec(message)
      if (caught) lastCause = caught[1] ?? ''
    })
    return acme
  })
  return loaded
}

/** An error of any ACME step as an AcmeFailure; raw library errors keep only a short message. */
function toFailure(error: unknown, directoryUrl: string): AcmeFailure {
  if (error instanceof AcmeFailure) return error
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof TypeError && /reading 'config'/.test(message)) {
    return new AcmeFailure(`the ACME server ${directoryUrl} could not be reached${lastCause ? ` (${lastCause})` : ''}`)
  }

  const text = escapeForDisplay(message.replaceAll(/\s+/g, ' ').trim()).slice(0, 400)
  return new AcmeFailure(text || 'the ACME server refused the request')
}

function pickChallenge(authz: Authorization, settings: AcmJobSettings): Challenge {
  // A wildcard can only be validated through DNS (RFC 8555, section 7.1.3).
  const type = authz.wildcard ? 'dns-01' : settings.challenge
  const challenge = authz.challenges.find((c) => (c.type as string) === type)
  if (!challenge) {
    throw new AcmeFailure(`the CA offers no ${type} challenge for ${authz.identifier.value}`)
  }

  if (type === 'dns-01' && !settings.dnsHook) {
    throw new AcmeFailure(
      `${authz.wildcard ? 'a wildcard domain' : authz.identifier.value} needs a DNS-01 challenge, and no --dns-hook is configured`,
    )
  }

  return challenge
}

/** Installs the response where the CA looks for it; returns how to remove it again. */
async function respond(
  acme: AcmeModule,
  authz: Authorization,
  challenge: Challenge,
  keyAuthorization: string,
  request: IssueRequest,
): Promise<() => Promise<void>> {
  const {responder, settings} = request
  switch (challenge.type as string) {
    case 'http-01': {
      const {token} = challenge as {token: string}
      responder.addHttp01(token, keyAuthorization)
      return async () => responder.removeHttp01(token)
    }

    case 'tls-alpn-01': {
      // An ECDSA key: acme-client's default RSA-2048 key makes each validation 3 to 6 times slower.
      const key = await acme.crypto.createPrivateEcdsaKey('P-256')
      const [, cert] = await acme.crypto.createAlpnCertificate(authz, keyAuthorization, key)
      responder.addTlsAlpn01(authz.identifier.value, cert.toString(), new SecretPem(key.toString()))
      return async () => responder.removeTlsAlpn01(authz.identifier.value)
    }

    default: {
      const call = {
        domain: authz.identifier.value,
        recordName: `_acme-challenge.${authz.identifier.value}`,
        recordValue: keyAuthorization,
      }
      await runDnsHook(settings.dnsHook as string, {...call, action: 'publish'})
      return async () => runDnsHook(settings.dnsHook as string, {...call, action: 'cleanup'})
    }
  }
}

/**
 * The account of the store's key at this CA: looked up first (RFC 8555 onlyReturnExisting), created
 * when the CA does not know it (a new CA, or one that forgot its accounts, as pebble does on restart).
 * acme-client would otherwise answer an existing account with an update that some CAs refuse.
 */
async function findOrCreateAccount(client: AcmeClient): Promise<void> {
  try {
    await client.createAccount({onlyReturnExisting: true})
  } catch {
    await client.createAccount({termsOfServiceAgreed: true})
  }
}

/**
 * Obtains a certificate for one hostname from the app's ACME CA (RFC 8555): an order, the chosen
 * challenge per authorization (an already valid one is reused), a new key (ECDSA P-256 or
 * RSA 2048) and CSR, finalization, and the chain. The client never checks challenges itself
 * (acme-client's self-check would resolve names with the system resolver).
 */
export async function issueCertificate(request: IssueRequest): Promise<IssuedCertificate> {
  const acme = await loadAcmeClient()
  const {settings} = request
  try {
    const client = new acme.Client({
      accountKey: request.accountKey.reveal(),
      backoffAttempts: 10,
      backoffMax: 10_000,
      backoffMin: 200,
      directoryUrl: settings.directoryUrl,
      externalAccountBinding: settings.eab
        ? {hmacKey: settings.eab.hmacKey.reveal(), kid: settings.eab.kid}
        : undefined,
    })
    await findOrCreateAccount(client)
    const order = await client.createOrder({identifiers: [{type: 'dns', value: request.hostname}]})
    for (const authz of await client.getAuthorizations(order)) {
      if (authz.status === 'valid') continue
      const challenge = pickChallenge(authz, settings)
      const keyAuthorization = await client.getChallengeKeyAuthorization(challenge)
      const remove = await respond(acme, authz, challenge, keyAuthorization, request)
      try {
        await client.completeChallenge(challenge)
        await client.waitForValidStatus(challenge)
      } finally {
        await remove().catch(() => {}) // a failed clean-up must not hide the validation's result
      }
    }

    request.onProgress?.('verified')
    const key =
      settings.keyType === 'rsa'
        ? await acme.crypto.createPrivateRsaKey(2048)
        : await acme.crypto.createPrivateEcdsaKey('P-256')
    const [, csr] = await acme.crypto.createCsr(
      {
        altNames: [request.hostname],
        commonName: request.hostname.length <= 64 ? request.hostname : undefined,
      },
      key,
    )
    const finalized = await client.finalizeOrder(order, csr)
    const chain = await client.getCertificate(finalized)
    return {chain, key: new SecretPem(key.toString())}
  } catch (error) {
    throw toFailure(error, settings.directoryUrl)
  }
}
