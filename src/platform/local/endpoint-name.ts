import {randomInt} from 'node:crypto'

import {storeError} from '../../lib/sni-error.js'

/** Heroku names SNI endpoints `<dinosaur>-<5 digits>`; we follow it. Each name is ≤ 24 characters. */
export const DINOSAURS = [
  'albertosaurus',
  'allosaurus',
  'ankylosaurus',
  'apatosaurus',
  'archaeopteryx',
  'argentinosaurus',
  'baryonyx',
  'brachiosaurus',
  'brontosaurus',
  'carnotaurus',
  'ceratosaurus',
  'coelophysis',
  'compsognathus',
  'corythosaurus',
  'deinonychus',
  'dilophosaurus',
  'diplodocus',
  'dracorex',
  'edmontosaurus',
  'gallimimus',
  'giganotosaurus',
  'hadrosaurus',
  'herrerasaurus',
  'iguanodon',
  'kentrosaurus',
  'lambeosaurus',
  'maiasaura',
  'megalosaurus',
  'microraptor',
  'mosasaurus',
  'nodosaurus',
  'oviraptor',
  'pachycephalosaurus',
  'parasaurolophus',
  'plateosaurus',
  'protoceratops',
  'pteranodon',
  'quetzalcoatlus',
  'saltasaurus',
  'sauropelta',
  'spinosaurus',
  'stegosaurus',
  'styracosaurus',
  'suchomimus',
  'therizinosaurus',
  'triceratops',
  'troodon',
  'tyrannosaurus',
  'utahraptor',
  'velociraptor',
] as const

/** Enough that a store of millions of names still finds a free one; each try is one indexed lookup. */
const MAX_ATTEMPTS = 50

/** `tyrannosaurus-04217`: a dinosaur and five random digits (crypto.randomInt). */
export function generateEndpointName(): string {
  const dinosaur = DINOSAURS[randomInt(DINOSAURS.length)] ?? 'tyrannosaurus'
  return `${dinosaur}-${randomInt(100_000).toString().padStart(5, '0')}`
}

/** A fresh name that `isTaken` does not know. Call it inside the write transaction, so the check holds. */
export function pickEndpointName(isTaken: (name: string) => boolean): string {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const name = generateEndpointName()
    if (!isTaken(name)) return name
  }

  throw storeError(
    'The local platform could not find a free SNI endpoint name.',
    'STORE_NAMES_EXHAUSTED',
    'Remove SNI endpoints you no longer need, then try again.',
  )
}
