#!/usr/bin/env python3
"""Learning site chrome: `newsclean learn` then `newsclean --jsonl --rules`, on a generated multi-site dump.

    python benchmarks/learn.py                        # 24 sites x 60 records
    python benchmarks/learn.py --sites 20 --records 50 --seed 7
    python benchmarks/learn.py --keep /tmp/learn      # keep the dump, the learned rules and the outputs

Generates a JSON Lines dump of invented news sites, every line of it written here and
labelled with what it is:

* chrome: each site has its own masthead, desk notes, print and ownership notices,
  tip lines and section rows, in wording that no built-in rule names (checked: the
  run stops if a built-in rule matches a chrome line on its own).  Each chrome line
  appears in 60-100% of its site's records, sometimes in capitals or with a bullet;
* article text: headlines and paragraphs composed per record from a grammar of
  council, school and transport news, so that they do not repeat;
* traps, which are article text too: per site, background sentences that a series of
  stories repeats (in 20-45% of the site's records, enough for --min-share), and one
  wire paragraph shared by records of every site.

Then runs the real command line: the built-in rules alone (the baseline), `learn` and
`--rules`, and the one-step `--learn`, and reports, from the removed spans of
`--annotate`, the share of the sites' chrome removed (lines and characters) and every
line of article text removed.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsclean import Cleaner
from newsclean.document import Document
from newsclean.rules.rule import Scope

NEWSCLEAN = [sys.executable, "-m", "newsclean"]
CHROME, ARTICLE, TRAP = "chrome", "article", "trap"
LEARNED = "learned."  # the ids of learned rules start so

TOWNS = [
    "Harbourview", "Millbrook", "Ashcombe", "Kestrel Bay", "Dunmore", "Fenwick", "Larchfield", "Orrin Falls",
    "Pellham", "Quarry Hill", "Redmarsh", "Saltcote", "Thornbury", "Upwell", "Vantry", "Wexcombe", "Yarrow",
    "Brindle", "Coldharbour", "Elmstead", "Gorsey Cross", "Hollin", "Innesford", "Juniper Vale", "Kilbride",
    "Lowmoor", "Marrick", "Northam", "Oakhanger", "Pinfold",
]  # fmt: skip
MASTHEADS = [
    "Ledger", "Courier", "Sentinel", "Gazette", "Chronicle", "Herald", "Clarion", "Examiner", "Beacon", "Mercury",
    "Advertiser", "Observer", "Echo", "Standard", "Packet", "Lantern", "Signal", "Tribune", "Pilot", "Argus",
]  # fmt: skip
SECTIONS = [
    "Harbour", "Farming", "Motoring", "Property", "Obituaries", "Puzzles", "Schools", "Weather", "Planning",
    "Courts", "Heritage", "Allotments", "Tides", "Fishing", "Cricket", "Markets", "Letters", "Almanac",
]  # fmt: skip
STREETS = ["Quay Street", "Mill Lane", "Chapel Row", "Station Road", "Tanner's Yard", "Bridge End", "Rope Walk"]
PEOPLE = ["Mara Quill", "Tobias Venn", "Ines Carrow", "Bram Holt", "Odile Fenner", "Kit Marsh", "Ada Pell"]

# A site's chrome: each template is one line, filled once per site (so it repeats word for word).
CHROME_TEMPLATES = [
    "{m} | {t} edition",
    "{s1} · {s2} · {s3} · {s4}",
    "Filed from the {m} {s1} desk",
    "Checked by the {m} facts team",
    "{m} Extra: {s2} evenings at the {t} Playhouse",
    "Tell the {m} what is happening on your street: ring 0{n} or write to desk@{d}",
    "The {m} crossword, the {t} tide tables and the week's planning notices are in the Saturday print edition.",
    "The {m} is published by the {t} Press Cooperative, {n2} {street}, {t}, registered under number {n}.",
    "Printed at the {t} works on paper from managed forests",
    "Corrections go to the {m} readers' editor, who answers within five working days.",
    "Proudly independent since {y}",
    "Part of the {s3} Valley Regional Group",
    "{m} staff photograph",
    "Tonight on {m} Radio: {p} with the {s4} hour",
    "The {m} thanks the {t} Civic Society for its archive of old photographs of the town.",
    "Ask {p}, our {s1} correspondent, anything: {p_first}@{d}",
    "{m} Almanac for {t} and district",
    "Notices of births, marriages and deaths can be placed at the {street} office.",
    "Lost and found in {t}: the {m} lists them on Thursdays",
    "{t} {m} · {s2} · {s4}",
]
# Where on the page each template's line goes.
POSITIONS = ["top", "top", "lead", "lead", "middle", "middle", "end", "end", "end", "end"]

SUBJECTS = [
    "The {t} council", "Residents of {place}", "The regional water board", "Teachers at {school}",
    "The county transport office", "Shop owners on {street}", "The harbour trust", "Parents at {school}",
    "The health authority", "Volunteers from the {t} rowing club", "The fire service", "Planning officers",
]  # fmt: skip
VERBS = [
    "voted on {day} to", "agreed after a long meeting to", "asked the county to", "said they would",
    "have promised to", "were told they would have to", "decided in {month} to", "plan to",
]  # fmt: skip
OBJECTS = [
    "close the {thing} for {n} weeks", "spend £{k},000 on the {thing}", "rebuild the {thing} by {month}",
    "move the {thing} to {place}", "hire {n} more staff for the {thing}", "test the {thing} every {day}",
    "publish the costs of the {thing}", "reopen the {thing} before the winter", "repaint the {thing} in {month}",
]  # fmt: skip
TAILS = [
    ", a spokesperson said.", " despite objections from {people}.", ", according to papers seen by reporters.",
    " after {n} complaints in {month}.", ", which had been delayed twice.", ", the first such plan in {n} years.",
    " once the survey of {place} is finished.", ", {person} told the meeting.",
]  # fmt: skip
THINGS = [
    "swimming pool", "footbridge", "bus depot", "lifeboat station", "library", "market hall", "ferry ramp",
    "sports centre", "sea wall", "water tower", "primary school roof", "tram line", "car park", "town clock",
]  # fmt: skip
PLACES = ["the old quarter", "the north estate", "the harbour front", "the ring road", "the east meadows"]
PEOPLE_GROUPS = ["local farmers", "the fishing fleet", "two parish councils", "nearby residents", "bus drivers"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["March", "April", "May", "June", "July", "September", "October", "November"]
WIRE = (
    "National figures published on Tuesday show that rainfall across the region was a third below the average "
    "of the last thirty years, the driest spring since records began."
)


@dataclass
class Site:
    domain: str
    masthead: str
    town: str
    chrome: list[tuple[str, str, float]]  # (line, position, share of the records it appears in)
    background: list[tuple[str, float]]  # (trap sentence, share)
    dump_style: bool  # lines separated by one line break rather than a blank line


@dataclass
class Record:
    id: str
    url: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (text, kind)

    def text(self, separator: str) -> str:
        return separator.join(line for line, _ in self.lines) + "\n"


def make_sites(rng: random.Random, count: int) -> list[Site]:
    towns = rng.sample(TOWNS, count) if count <= len(TOWNS) else [f"{rng.choice(TOWNS)} {i}" for i in range(count)]
    sites = []
    for town in towns:
        masthead = f"{town} {rng.choice(MASTHEADS)}"
        domain = masthead.lower().replace(" ", "") + ".example"
        person = rng.choice(PEOPLE)
        sections = rng.sample(SECTIONS, 4)
        values = {
            "m": masthead,
            "t": town,
            "d": domain,
            "n": str(rng.randrange(1000000, 9999999)),
            "n2": str(rng.randrange(2, 99)),
            "y": str(rng.randrange(1850, 1990)),
            "street": rng.choice(STREETS),
            "p": person,
            "p_first": person.split()[0].lower(),
            **{f"s{i + 1}": section for i, section in enumerate(sections)},
        }
        templates = rng.sample(range(len(CHROME_TEMPLATES)), rng.randrange(6, 10))
        chrome = [
            (CHROME_TEMPLATES[index].format(**values), POSITIONS[index % len(POSITIONS)], rng.uniform(0.6, 1.0))
            for index in templates
        ]
        background = [(paragraph(rng, town), rng.uniform(0.2, 0.45)) for _ in range(3)]
        sites.append(Site(domain, masthead, town, chrome, background, dump_style=rng.random() < 0.3))
    return sites


def sentence(rng: random.Random, town: str) -> str:
    def fill(template: str) -> str:
        return template.format(
            t=town,
            place=rng.choice(PLACES),
            school=f"{rng.choice(PEOPLE).split()[1]} Primary",
            street=rng.choice(STREETS),
            day=rng.choice(DAYS),
            month=rng.choice(MONTHS),
            thing=rng.choice(THINGS),
            n=rng.randrange(2, 40),
            k=rng.randrange(10, 900),
            people=rng.choice(PEOPLE_GROUPS),
            person=rng.choice(PEOPLE),
        )

    parts = (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS))
    return " ".join(fill(part) for part in parts) + fill(rng.choice(TAILS))


def paragraph(rng: random.Random, town: str) -> str:
    return " ".join(sentence(rng, town) for _ in range(rng.randrange(1, 4)))


def headline(rng: random.Random, town: str) -> str:
    change = rng.choice(["close", "reopen", "move", "cost more"])
    return f"{town} {rng.choice(THINGS)} to {change} in {rng.choice(MONTHS)}"


def make_record(rng: random.Random, site: Site, number: int) -> Record:
    record = Record(f"{site.domain}/{number}", f"https://{rng.choice(['www.', ''])}{site.domain}/news/{number}")

    def chrome(position: str) -> None:
        for line, where, share in site.chrome:
            if where == position and rng.random() < share:
                record.lines.append((decorate(rng, line), CHROME))

    chrome("top")
    record.lines.append((headline(rng, site.town), ARTICLE))
    chrome("lead")
    body = [(paragraph(rng, site.town), ARTICLE) for _ in range(rng.randrange(3, 8))]
    body += [(text, TRAP) for text, share in site.background if rng.random() < share]
    body += [(WIRE, TRAP)] if rng.random() < 0.3 else []
    rng.shuffle(body)
    middle = rng.randrange(1, len(body))
    record.lines += body[:middle]
    chrome("middle")
    record.lines += body[middle:]
    chrome("end")
    return record


def decorate(rng: random.Random, line: str) -> str:
    """The same chrome as pages print it: now and then in capitals, or with a bullet or an arrow."""
    roll = rng.random()
    if roll < 0.1:
        return line.upper()
    if roll < 0.2:
        return f"• {line}"
    if roll < 0.25:
        return f"{line} ›"
    return line


def check_no_builtin_rule_names(sites: list[Site]) -> None:
    """The chrome must be the sites' own: stop if a built-in rule matches one of its lines on its own."""
    ruleset = Cleaner().ruleset
    for site in sites:
        for line, _, _ in site.chrome:
            hits = ruleset.scan(Document(line))
            named = [hit.rule.id for scope in Scope for hit in hits[scope] if scope is not Scope.CUE]
            if named:
                sys.exit(f"chrome line {line!r} of {site.domain} is named by the built-in rule {named[0]}")


def write_dump(path: Path, sites: list[Site], records: int, rng: random.Random) -> list[Record]:
    made = [make_record(rng, site, number) for number in range(records) for site in sites]
    rng.shuffle(made)  # sites interleaved, as a crawl writes them
    separator = {site.domain: "\n" if site.dump_style else "\n\n" for site in sites}
    with path.open("w", encoding="utf-8") as out:
        for record in made:
            domain = record.id.split("/")[0]
            text = record.text(separator[domain])
            out.write(json.dumps({"id": record.id, "url": record.url, "text": text}, ensure_ascii=False) + "\n")
    return made


def run(arguments: list[str], label: str) -> float:
    started = time.perf_counter()
    completed = subprocess.run([*NEWSCLEAN, *arguments], capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit(f"{label}: exit status {completed.returncode}\n{completed.stderr}")
    return time.perf_counter() - started


@dataclass
class Score:
    chrome_lines: int = 0
    chrome_chars: int = 0
    chrome_lines_removed: int = 0
    chrome_chars_removed: int = 0
    article_lines: int = 0
    article_chars: int = 0
    lost: list[tuple[str, str, str, str]] = field(default_factory=list)  # (record id, kind, rule, line)

    @property
    def lost_chars(self) -> int:
        return sum(len(line) for *_, line in self.lost)


def score(records: list[Record], output: Path, separator: Callable[[str], str]) -> Score:
    """Which labelled lines the removed spans of --annotate cover, record by record."""
    by_id = {record.id: record for record in records}
    result = Score()
    with output.open(encoding="utf-8") as lines:
        for line in lines:
            cleaned = json.loads(line)
            record = by_id[cleaned["id"]]
            spans = {(removal["start"], removal["end"]): removal["rule"] for removal in cleaned["newsclean"]["removed"]}
            gap = separator(record.id)
            start = 0
            for text, kind in record.lines:
                rule = spans.get((start, start + len(text)))
                removed = rule is not None
                if kind == CHROME:
                    result.chrome_lines += 1
                    result.chrome_chars += len(text)
                    result.chrome_lines_removed += removed
                    result.chrome_chars_removed += len(text) if removed else 0
                else:
                    result.article_lines += 1
                    result.article_chars += len(text)
                    if removed:
                        result.lost.append((record.id, kind, rule, text))
                start += len(text) + len(gap)
    return result


def report(label: str, result: Score, seconds: float) -> None:
    lines = result.chrome_lines_removed / result.chrome_lines
    chars = result.chrome_chars_removed / result.chrome_chars
    traps = sum(1 for _, kind, _, _ in result.lost if kind == TRAP)
    learned = sum(1 for _, _, rule, _ in result.lost if rule.startswith(LEARNED))
    print(
        f"{label:<36} chrome removed {lines:6.1%} of lines, {chars:6.1%} of chars; "
        f"article text lost: {len(result.lost)} of {result.article_lines:,} lines "
        f"({result.lost_chars:,} of {result.article_chars:,} chars), {traps} of them traps, "
        f"{learned} by learned rules; {seconds:.1f} s"
    )
    for record_id, kind, rule, text in result.lost[:5]:
        print(f"    lost ({kind}, {rule}) in {record_id}: {text[:90]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=24, help="sites in the dump (default 24)")
    parser.add_argument("--records", type=int, default=60, help="records per site (default 60)")
    parser.add_argument("--seed", type=int, default=5, help="random seed of the generator (default 5)")
    parser.add_argument("--keep", type=Path, help="folder for the dump, rules and outputs (default: temporary)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sites = make_sites(rng, args.sites)
    check_no_builtin_rule_names(sites)
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        dump, rules = folder / "dump.jsonl", folder / "site-rules.toml"
        records = write_dump(dump, sites, args.records, rng)
        dump_sites = {site.domain: site.dump_style for site in sites}

        def separator(record_id: str) -> str:
            return "\n" if dump_sites[record_id.split("/")[0]] else "\n\n"

        chrome = sum(1 for record in records for _, kind in record.lines if kind == CHROME)
        traps = sum(1 for record in records for _, kind in record.lines if kind == TRAP)
        print(f"dump: {len(records):,} records of {len(sites)} sites, {chrome:,} chrome lines, {traps:,} trap lines")
        clean = ["--jsonl", "--annotate", "-q", str(dump), "-o"]
        seconds = run([*clean, str(folder / "baseline.jsonl")], "baseline")
        report("built-in rules only", score(records, folder / "baseline.jsonl", separator), seconds)
        seconds = run(["learn", "-q", str(dump), "-o", str(rules)], "learn")
        learned = rules.read_text(encoding="utf-8").count("[[rule]]")
        print(f"newsclean learn: {learned} rules in {seconds:.1f} s")
        seconds = run(["--rules", str(rules), *clean, str(folder / "learned.jsonl")], "clean --rules")
        report("learn, then --rules site-rules.toml", score(records, folder / "learned.jsonl", separator), seconds)
        seconds = run(["--learn", *clean, str(folder / "one-step.jsonl")], "--learn")
        report("--learn (one step)", score(records, folder / "one-step.jsonl", separator), seconds)
        same = (folder / "learned.jsonl").read_bytes() == (folder / "one-step.jsonl").read_bytes()
        print(f"--learn output identical to learn + --rules: {same}")


if __name__ == "__main__":
    main()
