namespace Hub.Storage;

/// <summary>The SQLite schema, as an append-only list of steps. Add new steps at the end.</summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "hub instance facts", """
            CREATE TABLE hub_info (
                key   TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) STRICT;
            INSERT INTO hub_info (key, value) VALUES ('instance_id', lower(hex(randomblob(16))));
            INSERT INTO hub_info (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
            """),
        new(2, "dictionaries, mappings, adapters, ingest and quarantine", """
            CREATE TABLE dictionary_versions (
                dictionary  TEXT NOT NULL,
                version     TEXT NOT NULL,
                entry_count INTEGER NOT NULL,
                loaded_at   TEXT NOT NULL,
                PRIMARY KEY (dictionary, version)
            ) STRICT;

            CREATE TABLE code_mappings (
                department     TEXT NOT NULL,
                dictionary     TEXT NOT NULL,
                local_code     TEXT NOT NULL,
                canonical_code TEXT NOT NULL,
                local_label    TEXT NOT NULL,
                note           TEXT NOT NULL,
                updated_by     TEXT NOT NULL,
                updated_at     TEXT NOT NULL,
                PRIMARY KEY (department, dictionary, local_code)
            ) STRICT;

            -- Every change to a mapping, with who made it and when; never updated or deleted.
            CREATE TABLE code_mapping_history (
                id                    INTEGER PRIMARY KEY,
                department            TEXT NOT NULL,
                dictionary            TEXT NOT NULL,
                local_code            TEXT NOT NULL,
                action                TEXT NOT NULL CHECK (action IN ('put', 'delete')),
                canonical_code_before TEXT,
                canonical_code_after  TEXT,
                local_label           TEXT NOT NULL,
                note                  TEXT NOT NULL,
                changed_by            TEXT NOT NULL,
                changed_at            TEXT NOT NULL
            ) STRICT;

            CREATE TABLE unmapped_codes (
                department       TEXT NOT NULL,
                dictionary       TEXT NOT NULL,
                local_code       TEXT NOT NULL,
                local_label      TEXT NOT NULL,
                seen_count       INTEGER NOT NULL,
                first_seen       TEXT NOT NULL,
                last_seen        TEXT NOT NULL,
                example_local_id TEXT NOT NULL,
                PRIMARY KEY (department, dictionary, local_code)
            ) STRICT;

            CREATE TABLE adapters (
                adapter_id        TEXT PRIMARY KEY NOT NULL,
                department        TEXT NOT NULL,
                version           TEXT NOT NULL,
                capabilities      TEXT NOT NULL,
                endpoint          TEXT NOT NULL,
                registered_at     TEXT NOT NULL,
                last_heartbeat_at TEXT NOT NULL,
                backlog           INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE ingest_checkpoints (
                adapter_id        TEXT PRIMARY KEY NOT NULL,
                last_sequence     INTEGER NOT NULL,
                last_change_token TEXT NOT NULL,
                updated_at        TEXT NOT NULL
            ) STRICT;

            -- The hub's translated copy of each department record it needs (latest version).
            CREATE TABLE source_records (
                department  TEXT NOT NULL,
                local_id    TEXT NOT NULL,
                kind        INTEGER NOT NULL,
                payload     BLOB NOT NULL,
                deleted     INTEGER NOT NULL,
                adapter_id  TEXT NOT NULL,
                sequence    INTEGER NOT NULL,
                updated_at  TEXT NOT NULL,
                PRIMARY KEY (department, local_id)
            ) STRICT;

            -- Records held because they could not be translated; payload is the record as pushed.
            CREATE TABLE quarantine (
                id          INTEGER PRIMARY KEY,
                department  TEXT NOT NULL,
                local_id    TEXT NOT NULL,
                adapter_id  TEXT NOT NULL,
                sequence    INTEGER NOT NULL,
                payload     BLOB NOT NULL,
                reason      TEXT NOT NULL,
                state       TEXT NOT NULL CHECK (state IN ('waiting', 'released', 'superseded')),
                created_at  TEXT NOT NULL,
                resolved_at TEXT
            ) STRICT;
            CREATE INDEX quarantine_waiting_by_source ON quarantine (department, local_id) WHERE state = 'waiting';

            CREATE TABLE quarantine_codes (
                quarantine_id INTEGER NOT NULL REFERENCES quarantine (id),
                department    TEXT NOT NULL,
                dictionary    TEXT NOT NULL,
                local_code    TEXT NOT NULL,
                PRIMARY KEY (quarantine_id, dictionary, local_code)
            ) STRICT;
            CREATE INDEX quarantine_codes_by_code ON quarantine_codes (department, dictionary, local_code);

            -- Records refused for good (wrong department, kind and payload disagree), kept for the adapter's operators.
            CREATE TABLE ingest_rejections (
                id         INTEGER PRIMARY KEY,
                adapter_id TEXT NOT NULL,
                department TEXT NOT NULL,
                local_id   TEXT NOT NULL,
                sequence   INTEGER NOT NULL,
                reason     TEXT NOT NULL,
                payload    BLOB NOT NULL,
                created_at TEXT NOT NULL
            ) STRICT;
            """),
        new(3, "standard-address registry", """
            CREATE TABLE standard_addresses (
                address_id     TEXT PRIMARY KEY NOT NULL,
                normalized_key TEXT NOT NULL UNIQUE,
                division_code  TEXT NOT NULL,
                division_level INTEGER NOT NULL,
                province TEXT NOT NULL, city TEXT NOT NULL, county TEXT NOT NULL, township TEXT NOT NULL,
                community TEXT NOT NULL, road TEXT NOT NULL, road_number TEXT NOT NULL, estate TEXT NOT NULL,
                building TEXT NOT NULL, unit TEXT NOT NULL, floor TEXT NOT NULL, room TEXT NOT NULL,
                search_text    TEXT NOT NULL,
                raw_text       TEXT NOT NULL,
                confidence     REAL NOT NULL,
                first_seen     TEXT NOT NULL,
                last_seen      TEXT NOT NULL
            ) STRICT;
            CREATE INDEX standard_addresses_by_division ON standard_addresses (division_code, search_text);
            CREATE INDEX standard_addresses_by_text ON standard_addresses (search_text);
            """),
        new(4, "identity: residents, links, events, review queue, cache outbox", """
            -- A resident id is never reused: merged ids stay as aliases (state 'merged', merged_into set).
            CREATE TABLE residents (
                resident_id TEXT PRIMARY KEY NOT NULL,
                state       TEXT NOT NULL CHECK (state IN ('active', 'merged')),
                merged_into TEXT,
                created_at  TEXT NOT NULL
            ) STRICT;
            CREATE INDEX residents_by_survivor ON residents (merged_into) WHERE merged_into IS NOT NULL;

            CREATE TABLE identity_links (
                department  TEXT NOT NULL,
                local_id    TEXT NOT NULL,
                resident_id TEXT NOT NULL REFERENCES residents (resident_id),
                method      INTEGER NOT NULL,
                score       REAL NOT NULL,
                id_number   TEXT,
                created_at  TEXT NOT NULL,
                created_by  TEXT NOT NULL,
                PRIMARY KEY (department, local_id)
            ) STRICT;
            CREATE INDEX identity_links_by_resident ON identity_links (resident_id);
            CREATE INDEX identity_links_by_id_number ON identity_links (id_number) WHERE id_number IS NOT NULL;

            -- Every identity change; never updated or deleted.
            CREATE TABLE identity_events (
                sequence          INTEGER PRIMARY KEY,
                type              INTEGER NOT NULL,
                resident_id       TEXT NOT NULL,
                other_resident_id TEXT NOT NULL,
                source_refs       TEXT NOT NULL,
                actor             TEXT NOT NULL,
                reason            TEXT NOT NULL,
                event_time        TEXT NOT NULL
            ) STRICT;
            CREATE INDEX identity_events_by_resident ON identity_events (resident_id);
            CREATE INDEX identity_events_by_other ON identity_events (other_resident_id);

            CREATE TABLE review_items (
                review_id            TEXT PRIMARY KEY NOT NULL,
                state                INTEGER NOT NULL,
                decision             INTEGER NOT NULL,
                department           TEXT NOT NULL,
                local_id             TEXT NOT NULL,
                provisional_resident TEXT NOT NULL,
                item                 BLOB NOT NULL,
                created_at           TEXT NOT NULL
            ) STRICT;
            CREATE INDEX review_items_open ON review_items (state, created_at);

            -- Mutating calls already answered, so a retry with the same request id acts once.
            CREATE TABLE identity_requests (
                caller     TEXT NOT NULL,
                request_id TEXT NOT NULL,
                response   BLOB NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (caller, request_id)
            ) STRICT;

            -- Cache keys a change made stale, written in the change's own transaction and removed once
            -- deleted from the cache: a cache that was unreachable is cleaned before it is trusted again.
            CREATE TABLE cache_outbox (
                id  INTEGER PRIMARY KEY,
                key TEXT NOT NULL
            ) STRICT;
            """),
        new(5, "review items by provisional resident", """
            CREATE INDEX review_items_by_provisional ON review_items (provisional_resident) WHERE state = 1;
            """),
        new(6, "cases, case events and routing rules", """
            -- One row per case: the whole case as a protobuf snapshot, beside the columns listings filter on.
            -- departments and residents are ',a,b,' lists, matched whole with instr().
            CREATE TABLE cases (
                case_id       TEXT PRIMARY KEY NOT NULL,
                caller        TEXT NOT NULL,
                request_id    TEXT NOT NULL,
                content_hash  TEXT NOT NULL,
                state         INTEGER NOT NULL,
                version       INTEGER NOT NULL,
                channel       INTEGER NOT NULL,
                category_code TEXT NOT NULL,
                division_code TEXT NOT NULL,
                departments   TEXT NOT NULL,
                residents     TEXT NOT NULL,
                overdue       INTEGER NOT NULL,
                created_at    TEXT NOT NULL,
                next_due      TEXT,
                snapshot      BLOB NOT NULL,
                UNIQUE (caller, request_id)
            ) STRICT;
            CREATE INDEX cases_by_created ON cases (created_at, case_id);
            CREATE INDEX cases_due ON cases (next_due) WHERE next_due IS NOT NULL;

            -- Every case event, never updated or deleted; sequence is the WatchCases cursor.
            CREATE TABLE case_events (
                sequence      INTEGER PRIMARY KEY,
                case_id       TEXT NOT NULL,
                departments   TEXT NOT NULL,
                division_code TEXT NOT NULL,
                category_code TEXT NOT NULL,
                event         BLOB NOT NULL
            ) STRICT;

            CREATE TABLE routing_rules (
                rule_id       TEXT PRIMARY KEY NOT NULL,
                category_code TEXT NOT NULL,
                division_code TEXT NOT NULL,
                version       INTEGER NOT NULL,
                rule          BLOB NOT NULL,
                UNIQUE (category_code, division_code)
            ) STRICT;
            """),
        new(7, "access keys, caller policies and the hash-chained audit log", """
            -- Grows with every change to keys or policies: each replica polls it to reload its tables.
            CREATE TABLE access_changes (
                id      INTEGER PRIMARY KEY CHECK (id = 1),
                counter INTEGER NOT NULL
            ) STRICT;
            INSERT INTO access_changes (id, counter) VALUES (1, 0);

            -- API keys: only a salted hash of each key is kept.
            CREATE TABLE api_keys (
                key_id       TEXT PRIMARY KEY NOT NULL,
                caller       TEXT NOT NULL,
                hash         TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                expires_at   TEXT,
                revoked_at   TEXT,
                created_by   TEXT NOT NULL,
                rotated_from TEXT NOT NULL
            ) STRICT;
            CREATE INDEX api_keys_by_caller ON api_keys (caller, created_at);

            -- One policy per calling system (hub.v1.CallerPolicy, serialised).
            CREATE TABLE caller_policies (
                caller     TEXT PRIMARY KEY NOT NULL,
                version    INTEGER NOT NULL,
                policy     BLOB NOT NULL,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL
            ) STRICT;

            -- Append-only access log; each entry carries the hash of the one before it.
            CREATE TABLE audit_log (
                sequence      INTEGER PRIMARY KEY NOT NULL,
                access_time   TEXT NOT NULL,
                caller        TEXT NOT NULL,
                purpose       TEXT NOT NULL,
                resident_id   TEXT NOT NULL,
                facets        TEXT NOT NULL,
                fields        TEXT NOT NULL,
                rpc_method    TEXT NOT NULL,
                request_id    TEXT NOT NULL,
                status_code   TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                entry_hash    TEXT NOT NULL
            ) STRICT;
            CREATE INDEX audit_log_by_resident ON audit_log (resident_id, sequence);
            CREATE INDEX audit_log_by_caller ON audit_log (caller, sequence);
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """),
        new(8, "identity events indexed by the other resident only where there is one", """
            -- Link events (one per ingested record) name no other resident; indexing their empty value cost a
            -- write per record and never served a query. EventsOf states the condition so the planner uses it.
            DROP INDEX identity_events_by_other;
            CREATE INDEX identity_events_by_other ON identity_events (other_resident_id) WHERE other_resident_id <> '';
            """),
    ];
}
