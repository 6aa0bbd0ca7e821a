-- restrictd: what real screening lists carry. Subjects may be vessels and aircraft (OFAC's
-- SDN list has 683 of them); aliases keep OFAC's kinds: aka, fka (formerly known as), nka
-- (now known as).

ALTER TABLE subjects DROP CONSTRAINT subjects_kind_check;
ALTER TABLE subjects ADD CONSTRAINT subjects_kind_check
    CHECK (kind IN ('organization', 'product', 'person', 'category', 'vessel', 'aircraft'));

ALTER TABLE aliases DROP CONSTRAINT aliases_kind_check;
ALTER TABLE aliases ADD CONSTRAINT aliases_kind_check
    CHECK (kind IN ('legal', 'former', 'brand', 'transliteration', 'domain', 'typo', 'aka', 'fka',
                    'nka'));
