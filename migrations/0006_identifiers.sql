-- restrictd: typed identifiers of subjects ("imo:9187629", "lei:..."), normalised by the
-- application (rulings/identifier.c), looked up exactly by /v1/check?identifier= and the
-- identifier column of /v1/screen.
ALTER TABLE subjects ADD COLUMN identifiers text[] NOT NULL DEFAULT '{}'
    CONSTRAINT subjects_identifiers_check CHECK (cardinality(identifiers) <= 64);
