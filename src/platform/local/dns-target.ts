import {randomBytes, randomInt} from 'node:crypto'

import {storeError} from '../../lib/sni-error.js'

const ADJECTIVES = [
  'ancient',
  'autumn',
  'bold',
  'brave',
  'calm',
  'crisp',
  'curved',
  'damp',
  'dark',
  'deep',
  'eager',
  'fierce',
  'frosty',
  'gentle',
  'golden',
  'hidden',
  'lively',
  'misty',
  'nameless',
  'polished',
  'quiet',
  'rapid',
  'shy',
  'silent',
  'solid',
  'sparkling',
  'steep',
  'still',
  'sunny',
  'vast',
] as const

const NOUNS = [
  'bay',
  'brook',
  'canyon',
  'cliff',
  'cloud',
  'dawn',
  'dew',
  'dune',
  'field',
  'fjord',
  'forest',
  'glacier',
  'grove',
  'harbor',
  'island',
  'lake',
  'meadow',
  'mesa',
  'ocean',
  'peak',
  'plateau',
  'reef',
  'ridge',
  'river',
  'savannah',
  'shore',
  'spring',
  'summit',
  'tundra',
  'valley',
] as const

/** `.localhost` is loopback by RFC 6761, so a local DNS target can never point at a real host. */
export const DNS_TARGET_SUFFIX = '.herokudns.localhost'

const MAX_ATTEMPTS = 20

/**
 * `fierce-ocean-1a2b3c4d5e6f7a8b.herokudns.localhost`: words for people, 64 random bits
 * (crypto.randomBytes) for uniqueness. The first label is at most 35 characters, the name 55.
 */
export function generateDnsTarget(): string {
  const adjective = ADJECTIVES[randomInt(ADJECTIVES.length)] ?? 'calm'
  const noun = NOUNS[randomInt(NOUNS.length)] ?? 'bay'
  return `${adjective}-${noun}-${randomBytes(8).toString('hex')}${DNS_TARGET_SUFFIX}`
}

/** A DNS target that `isTaken` does not know. Call it inside the write transaction, so the check holds. */
export function pickDnsTarget(isTaken: (target: string) => boolean): string {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const target = generateDnsTarget()
    if (!isTaken(target)) return target
  }

  // 20 collisions of 64 random bits means the random source is broken, not that the store is full.
  throw storeError(
    'The local platform could not find a free DNS target.',
    'STORE_DNS_TARGET_COLLISION',
    'Try again; report it if it persists.',
  )
}
