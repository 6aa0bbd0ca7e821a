#!/usr/bin/env python3
"""A reference reading of decision 0007, in Python, to cross-check tests/law/cases.tsv against
deploy/rulings.json until the server reads format /2. It is not the test: the cases were written
from the facts files, and a disagreement means either the data or a case is wrong (or this
reading of the decision is), to be looked at by hand.

    tests/law/ref_eval.py [cases.tsv] [rulings.json]     # -v prints every case

Simplifications: names are matched exactly (case-insensitive; failing that, without legal forms and
punctuation) against subject names and aliases, not by the scorer; `incorporates` and `successor_of` are not walked (the seed data has none).
"""
import csv
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESTRICTIVE = {'prohibited', 'restricted'}
LEVEL = {'restricted': 2, 'advisory': 1}


def instant(s):
    if 'T' not in s:  # a bare date is the last second of that day in UTC (decision 0004)
        s += 'T23:59:59Z'
    return dt.datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ')


def fmt(t):
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


class Data:
    def __init__(self, d):
        self.sources = {s['id']: s for s in d['sources']}
        self.subjects = {s['id']: s for s in d['subjects']}
        self.rulings = {r['id']: r for r in d['rulings']}
        self.by_subject = {}
        for r in d['rulings']:
            self.by_subject.setdefault(r['subject'], []).append(r)
        self.children = {}
        for s in d['subjects']:
            if s.get('relation') == 'subsidiary_of':
                self.children.setdefault(s['parent'], []).append(s['id'])

    def find(self, name):
        """Exact match, else the same words once legal forms and punctuation are dropped."""
        for norm in (str.casefold, loose):
            n = norm(name)
            for s in self.subjects.values():
                if s['kind'] == 'category':
                    continue
                if norm(s['name']) == n or any(norm(a['alias']) == n for a in s.get('aliases', [])):
                    return s['id']
        return None

    def group(self, sid):
        root = sid
        while self.subjects[root].get('relation') == 'subsidiary_of':
            root = self.subjects[root]['parent']
        out, todo = [], [root]
        while todo:
            m = todo.pop()
            out.append(m)
            todo.extend(self.children.get(m, []))
        return out


LEGAL_FORMS = {'co', 'company', 'corp', 'corporation', 'inc', 'incorporated', 'ltd', 'limited', 'llc', 'ag',
               'gmbh', 'ao', 'ooo'}


def loose(name):
    words = ''.join(c if c.isalnum() else ' ' for c in name.casefold()).split()
    return ' '.join(w for w in words if w not in LEGAL_FORMS)


def products_admit(ruling, cats):
    p = ruling.get('reach', {}).get('products', 'all')
    return p == 'all' or (isinstance(p, list) and bool(set(p) & set(cats)))


def collect(data, sid, category):
    """ruling id -> distance, for every ruling that reaches the question."""
    got = {}

    def add(r, d):
        if r['id'] not in got or got[r['id']] > d:
            got[r['id']] = d

    if sid:
        s = data.subjects[sid]
        for r in data.by_subject.get(sid, []):
            add(r, 0)
        if s.get('relation') == 'subsidiary_of' or sid in data.children:
            for m in data.group(sid):
                if m != sid:
                    for r in data.by_subject.get(m, []):
                        if r.get('reach', {}).get('group'):
                            add(r, 1)
        if s.get('relation') == 'product_of':
            vendor, cats = s['parent'], s.get('categories', [])
            for m in data.group(vendor):
                for r in data.by_subject.get(m, []):
                    if (m == vendor or r.get('reach', {}).get('group')) and products_admit(r, cats):
                        add(r, 1 if m == vendor else 2)
    if category:
        for c in data.subjects.values():
            if c['kind'] == 'category' and category in c.get('categories', []):
                for r in data.by_subject.get(c['id'], []):
                    add(r, 0)
    return got


def in_window(r, t):
    if instant(r['effective_from']) > t:
        return False
    if r.get('effective_until') and t >= instant(r['effective_until']):
        return False
    for w in r.get('suspensions', []):
        if instant(w['from']) <= t and (w.get('until') is None or t < instant(w['until'])):
            return False
    return True


def evaluate(data, case):
    name = case['name']
    opt = {k: (None if case[k] == '-' else case[k]) for k in ('binds', 'purpose', 'category', 'jurisdiction')}
    t = instant(case['as_of'])
    sid = data.find(name)
    cat_hit = opt['category'] and any(c['kind'] == 'category' and opt['category'] in c.get('categories', [])
                                      for c in data.subjects.values())
    if not sid and not cat_hit:
        return 'no_match', '-', set()
    reached = collect(data, sid, opt['category'])
    kept = {}  # id -> conditional?
    for rid in reached:
        r = data.rulings[rid]
        if opt['jurisdiction'] and data.sources[r['source']]['jurisdiction'] != opt['jurisdiction']:
            continue
        if opt['binds'] and opt['binds'] not in r['binds'] + r.get('affects', []):
            continue
        cond = r.get('condition')
        conditional = False
        if cond:
            if 'purposes' in cond and opt['purpose']:
                if opt['purpose'] not in cond['purposes']:
                    continue
            else:
                conditional = True
        kept[rid] = conditional

    def carved(rid, at):
        for eid, d in reached.items():
            e = data.rulings[eid]
            # an exemption whose certainty is unknown carves out nothing (decision 0007)
            if (e['status'] == 'exempt' and e.get('certainty', 'known') == 'known'
                    and rid in e.get('exempts', []) and d <= reached[rid] and in_window(e, at)):
                return True
        return False

    def live(at):
        return [rid for rid in kept if in_window(data.rulings[rid], at) and not carved(rid, at)]

    now = live(t)
    known = [rid for rid in now if data.rulings[rid].get('certainty', 'known') == 'known']
    statuses = {data.rulings[rid]['status'] for rid in known}
    verdict = 'restricted' if statuses & RESTRICTIVE else 'advisory' if 'advisory' in statuses else 'clear'
    listed = set()
    for rid in now:
        unknown = data.rulings[rid].get('certainty') == 'unknown'
        listed.add(('?' if unknown else '~' if kept[rid] else '') + rid)
    if verdict == 'clear':
        return verdict, '-', listed

    def covered(at):
        for rid in live(at):
            r = data.rulings[rid]
            if r.get('certainty', 'known') != 'known':
                continue
            lvl = 2 if r['status'] in RESTRICTIVE else 1 if r['status'] == 'advisory' else 0
            if lvl >= LEVEL[verdict]:
                return True
        return False

    bounds = set()
    for rid in list(kept) + [e for e in reached if data.rulings[e]['status'] == 'exempt']:
        r = data.rulings[rid]
        for k in ('effective_from', 'effective_until'):
            if r.get(k):
                bounds.add(instant(r[k]))
        for w in r.get('suspensions', []):
            bounds.update(instant(w[k]) for k in ('from', 'until') if w.get(k))
    s = t
    while True:
        b = max((x for x in bounds if x <= s), default=None)
        if b is None or not covered(b - dt.timedelta(seconds=1)):
            return verdict, fmt(b) if b else '-', listed
        s = b - dt.timedelta(seconds=1)


def main(argv):
    verbose = '-v' in argv
    args = [a for a in argv[1:] if a != '-v']
    cases_path = Path(args[0]) if args else ROOT / 'tests/law/cases.tsv'
    data_path = Path(args[1]) if len(args) > 1 else ROOT / 'deploy/rulings.json'
    data = Data(json.loads(data_path.read_text(encoding='utf-8')))
    failed = total = 0
    with open(cases_path, encoding='utf-8', newline='') as f:
        for case in csv.DictReader(f, delimiter='\t'):
            total += 1
            want_rulings = set() if case['rulings'] == '-' else set(case['rulings'].split(','))
            got = evaluate(data, case)
            ok = got == (case['verdict'], case['since'], want_rulings)
            failed += not ok
            if not ok or verbose:
                print(f"{'ok  ' if ok else 'FAIL'} {case['id']} {case['name']} @{case['as_of']}")
                if not ok:
                    print(f"     want {case['verdict']} since {case['since']} {sorted(want_rulings)}")
                    print(f"     got  {got[0]} since {got[1]} {sorted(got[2])}")
    print(f'{total - failed}/{total} cases agree with the data')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
