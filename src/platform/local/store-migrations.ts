/**
 * Ordered schema migrations of the local platform store. Entry i moves `PRAGMA user_version` from i
 * to i + 1. Never edit a released entry: append a new one.
 *
 * Design notes: integer primary keys keep joins and indexes small; ssl_cert details are stored as
 * computed (one JSON column), so listing never re-parses a certificate; chains and private keys live
 * in their own tables, so listing reads small rows and no endpoint query can select a key by accident;
 * domain hostnames and DNS targets are unique store-wide (UNIQUE makes the duplicate check and the
 * collision check one index lookup, inside the write transaction).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE apps (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );

  CREATE TABLE sni_endpoints (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    app_pk INTEGER NOT NULL REFERENCES apps (pk),
    name TEXT NOT NULL UNIQUE,
    display_name TEXT,
    chain_pk INTEGER NOT NULL REFERENCES certificate_chains (pk),
    ssl_cert TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX sni_endpoints_by_app ON sni_endpoints (app_pk);
  CREATE INDEX sni_endpoints_by_chain ON sni_endpoints (chain_pk);

  -- Chains are kilobytes each: kept apart so endpoint rows stay small, and stored once per content
  -- (one wildcard certificate on many apps, one intermediate-heavy bundle re-uploaded).
  CREATE TABLE certificate_chains (
    pk INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    pem TEXT NOT NULL
  );

  CREATE TABLE private_keys (
    endpoint_pk INTEGER PRIMARY KEY REFERENCES sni_endpoints (pk),
    pem TEXT NOT NULL
  );

  CREATE TABLE domains (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    app_pk INTEGER NOT NULL REFERENCES apps (pk),
    hostname TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('custom', 'heroku')),
    cname TEXT UNIQUE,
    status TEXT NOT NULL,
    sni_endpoint_pk INTEGER REFERENCES sni_endpoints (pk),
    acm_status TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- Covers "hostnames of every endpoint of an app" in index order: listing is one range scan.
  CREATE INDEX domains_by_app_endpoint ON domains (app_pk, sni_endpoint_pk, hostname);
  CREATE INDEX domains_by_endpoint ON domains (sni_endpoint_pk);
  `,
  // 2: Automated Certificate Management. A row of acm_apps exists only while ACM is on for the app;
  // its EAB HMAC key and the ACME account key are secrets kept like private keys (own columns and
  // table, never selected by a listing). ACM certificates are ordinary endpoints marked acm = 1.
  `
  CREATE TABLE acm_apps (
    app_pk INTEGER PRIMARY KEY REFERENCES apps (pk),
    directory_url TEXT NOT NULL,
    challenge TEXT NOT NULL CHECK (challenge IN ('http-01', 'tls-alpn-01', 'dns-01')),
    key_type TEXT NOT NULL CHECK (key_type IN ('ecdsa', 'rsa')),
    dns_hook TEXT,
    eab_kid TEXT,
    eab_hmac_key TEXT,
    enabled_at TEXT NOT NULL
  );

  -- One ACME account key per store. The account it stands for at each CA is looked up by the key
  -- (RFC 8555 newAccount answers with the existing account), so a CA that forgot it is no problem.
  CREATE TABLE acme_account_key (
    pk INTEGER PRIMARY KEY CHECK (pk = 1),
    pem TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  ALTER TABLE sni_endpoints ADD COLUMN acm INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE domains ADD COLUMN acm_status_reason TEXT;
  -- Failed attempts in a row, and when the next one may start (backoff); ISO 8601 UTC.
  ALTER TABLE domains ADD COLUMN acm_failures INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE domains ADD COLUMN acm_next_attempt_at TEXT;
  `,
]

/** The schema version this build writes. A store with a higher one was written by a newer sni. */
export const SCHEMA_VERSION = MIGRATIONS.length
