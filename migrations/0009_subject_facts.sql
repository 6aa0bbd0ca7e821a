-- restrictd: what the published lists say of a subject besides its names, as fields
-- (rulings/subject_facts.h, docs/data-model.md): dates of birth or incorporation (a subset of
-- ISO 8601-2 EDTF, checked by the application), nationalities (ISO 3166-1 alpha-2) and
-- addresses ([{"street", "city", "country"}]).
ALTER TABLE subjects
    ADD COLUMN born text[] NOT NULL DEFAULT '{}'
        CONSTRAINT subjects_born_check CHECK (cardinality(born) <= 8 AND array_to_string(born, ' ')
            ~ '^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?~?(/[0-9]{4})?( |$))*$'),
    ADD COLUMN nationalities text[] NOT NULL DEFAULT '{}'
        CONSTRAINT subjects_nationalities_check CHECK (cardinality(nationalities) <= 8
            AND array_to_string(nationalities, ' ') ~ '^([A-Z]{2}( |$))*$'),
    ADD COLUMN addresses jsonb NOT NULL DEFAULT '[]'
        CONSTRAINT subjects_addresses_check CHECK (jsonb_typeof(addresses) = 'array'
            AND jsonb_array_length(addresses) <= 32);
