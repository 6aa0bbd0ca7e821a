-- restrictd: OFAC's weak aliases (the "a.k.a. '...'" of the legacy files' Remarks: "relatively
-- broad or generic", in OFAC's words) are kept as aliases of their own kinds, which the
-- matcher finds only when asked exactly as written (rulings/model.h, docs/lists.md).
ALTER TABLE aliases DROP CONSTRAINT aliases_kind_check;
ALTER TABLE aliases ADD CONSTRAINT aliases_kind_check
    CHECK (kind IN ('legal', 'former', 'brand', 'transliteration', 'domain', 'typo', 'aka', 'fka',
                    'nka', 'weak-aka', 'weak-fka', 'weak-nka'));
