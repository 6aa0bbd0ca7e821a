-- restrictd: what a ruling reaches, whom it binds and affects, its condition, the rulings an
-- exemption carves out of, suspension windows, certainty, and where its quote comes from
-- (docs/decisions/0007-reach-parties-conditions-coverage.md). Subjects gain product
-- categories and the kind `category` (rule sets over a class of things).
-- Codes are checked against the application's closed vocabularies (rulings/parties.c);
-- here only their shape is.

ALTER TABLE rulings DROP CONSTRAINT rulings_binds_check;
ALTER TABLE rulings ALTER COLUMN binds TYPE text[] USING ARRAY[binds];
-- An advisory may bind nobody (it names whom it affects).
ALTER TABLE rulings ADD CONSTRAINT rulings_binds_check CHECK (
    cardinality(binds) <= 16
    AND array_to_string(binds, ' ') ~ '^([a-z0-9][a-z0-9-]*( [a-z0-9][a-z0-9-]*)*)?$');

-- A quote holds the source's own words, and is absent where nobody captured them.
ALTER TABLE rulings ALTER COLUMN quote DROP NOT NULL;

ALTER TABLE rulings ADD COLUMN affects text[] NOT NULL DEFAULT '{}' CONSTRAINT rulings_affects_check
    CHECK (cardinality(affects) <= 16
           AND array_to_string(affects, ' ') ~ '^([a-z0-9][a-z0-9-]*( [a-z0-9][a-z0-9-]*)*)?$');

-- reach: {"group": bool, "products": "all" | "none" | [category, ...], "incorporating": bool}
ALTER TABLE rulings ADD COLUMN reach jsonb NOT NULL
    DEFAULT '{"group": false, "products": "all", "incorporating": false}'
    CONSTRAINT rulings_reach_check CHECK (jsonb_typeof(reach) = 'object');
-- Until now a ruling flowed to the group when it extended to affiliates, and to every product
-- and every incorporating product otherwise.
UPDATE rulings SET reach = jsonb_build_object('group', extends_to_affiliates,
                                              'products', 'all', 'incorporating', true);
ALTER TABLE rulings DROP COLUMN extends_to_affiliates;

-- condition: {"code", "text", "purposes": [purpose, ...]}
ALTER TABLE rulings ADD COLUMN condition jsonb
    CONSTRAINT rulings_condition_check CHECK (condition IS NULL OR jsonb_typeof(condition) = 'object');
ALTER TABLE rulings ADD COLUMN exempts text[] NOT NULL DEFAULT '{}' CONSTRAINT rulings_exempts_check
    CHECK (cardinality(exempts) = 0 OR status = 'exempt');
-- suspensions: [{"from", "until" (null = open), "note"}], instants in RFC 3339 UTC
ALTER TABLE rulings ADD COLUMN suspensions jsonb NOT NULL DEFAULT '[]'
    CONSTRAINT rulings_suspensions_check CHECK (jsonb_typeof(suspensions) = 'array');
ALTER TABLE rulings ADD COLUMN certainty text NOT NULL DEFAULT 'known'
    CONSTRAINT rulings_certainty_check CHECK (certainty IN ('known', 'unknown'));
ALTER TABLE rulings ADD COLUMN quote_source text
    REFERENCES sources (id) DEFERRABLE INITIALLY DEFERRED;

-- A press release is cited for the words only it has (BIS's of 20 June 2024).
ALTER TABLE sources DROP CONSTRAINT sources_kind_check;
ALTER TABLE sources ADD CONSTRAINT sources_kind_check CHECK (kind IN ('final_determination',
    'entity_list', 'statute', 'directive', 'sanctions', 'advisory', 'regulation', 'covered_list',
    'government_decision', 'press_release'));

ALTER TABLE subjects DROP CONSTRAINT subjects_kind_check;
ALTER TABLE subjects ADD CONSTRAINT subjects_kind_check
    CHECK (kind IN ('organization', 'product', 'person', 'category'));
ALTER TABLE subjects ADD COLUMN categories text[] NOT NULL DEFAULT '{}' CONSTRAINT subjects_categories_check
    CHECK (cardinality(categories) <= 16
           AND array_to_string(categories, ' ') ~ '^([a-z0-9][a-z0-9-]*( [a-z0-9][a-z0-9-]*)*)?$');
