"""Take delegates' proposal files into the amendments register: check every file, and append
their proposals to the round's file only when all of them are good (nox -s intake -- FILE...)."""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from concept_build.common import rounds
from concept_build.common.datafile import DataFileError
from concept_build.common.keys import nearest
from concept_build.common.project import LATEST, ROOT
from concept_build.common.redline import spans, split
from concept_build.common.register import FOLDER, PARTICIPANTS, Register, load_register
from concept_build.common.stores import STORE, read_store
from concept_build.common.submissions import Proposal, read_submission


@dataclass
class Intake:
    """What one intake knows and finds: the register, the rounds, the texts, and its verdicts."""

    root: Path
    site: Path
    round_id: str
    round_ids: list[str]
    register: Register
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Bodies typed in by proposers that the participants do not have yet: body -> new key.
    new_bodies: dict[str, str] = field(default_factory=dict)
    texts: dict[str, dict[str, dict]] = field(default_factory=dict)

    def provisions(self, language: str) -> dict[str, dict]:
        """The working draft's provisions in *language*, as the published site has them."""
        if language not in self.texts:
            path = self.site / language / LATEST / STORE
            if not path.exists():
                raise DataFileError(
                    f'{path}: no published working draft in {language!r} to check the proposals '
                    f'against; build it first: nox -s build -- -l {language} -v latest -f html'
                )
            self.texts[language] = {p['key']: p for p in read_store(path)['provisions']}
        return self.texts[language]


def word_diff(old: str, new: str, language: str) -> str:
    """The words that changed, as [-old-]{+new+}: how the proposer's text and today's differ."""
    out = []
    for span in spans(split(old, language), split(new, language)):
        if not span.changed:
            out.append(span.new)
            continue
        out.append((f'[-{span.old}-]' if span.old else '') + (f'{{+{span.new}+}}' if span.new else ''))
    return ''.join(out)


def proposer_key(intake: Intake, proposal: Proposal) -> str | None:
    participants = intake.register.participants
    if proposal.proposer:
        if proposal.proposer not in participants:
            intake.errors.append(
                f'{proposal.where("proposer")}: unknown proposer {proposal.proposer!r}'
                f'{nearest(proposal.proposer, participants)}; the participants are '
                f'{", ".join(participants)}, or give another body in proposer_body'
            )
            return None
        return proposal.proposer
    body = proposal.proposer_body or ''
    known = next((key for key, who in participants.items() if who.body == body), None)
    return known or intake.new_bodies.setdefault(body, 'body-' + hashlib.sha256(body.encode()).hexdigest()[:8])


def check_text(intake: Intake, proposal: Proposal) -> None:
    """The key exists in today's text; a text that changed since the proposer saw it is a warning."""
    provisions = intake.provisions(proposal.language)
    if proposal.key not in provisions:
        intake.errors.append(
            f'{proposal.where("targets" if proposal.kind != "insertion" else "insert_after")}: '
            f'no provision has the key {proposal.key!r}{nearest(proposal.key, provisions)}'
        )
        return
    today = provisions[proposal.key]['text']
    if proposal.seen and proposal.seen != today:
        intake.warnings.append(
            f'{proposal.where("seen")}: provision {provisions[proposal.key]["number"]} '
            f'({proposal.key}) has changed since the proposal was drafted; what changed: '
            f'{word_diff(proposal.seen, today, proposal.language)}'
        )


def same(proposal: Proposal, key: str, other) -> bool:
    """The same proposal as *other* (an amendment of the register or an earlier proposal)."""
    where = other.insert_after if other.kind == 'insertion' else other.targets
    return (
        other.kind == proposal.kind
        and tuple(where) == (proposal.key,)
        and other.text == proposal.text
        and other.rationale == proposal.rationale
        and other.proposer == key
    )


def check(intake: Intake, proposals: list[Proposal]) -> list[tuple[Proposal, str]]:
    """Every proposal checked; those that pass with their proposer's key."""
    taken: list[tuple[Proposal, str]] = []
    for proposal in proposals:
        key = proposer_key(intake, proposal)
        before = len(intake.errors)
        check_text(intake, proposal)
        if key is None or len(intake.errors) > before:
            continue
        repeated = next((a.id for a in intake.register.amendments if same(proposal, key, a)), None)
        earlier = next((p for p, k in taken if same(proposal, key, entry_like(p, k))), None)
        if repeated or earlier:
            intake.errors.append(
                f'{proposal.where()}: the same proposal was submitted before, as '
                + (f'amendment {repeated!r}' if repeated else earlier.where())
            )
            continue
        taken.append((proposal, key))
    return taken


@dataclass(frozen=True)
class EntryLike:
    kind: str
    targets: tuple[str, ...]
    insert_after: tuple[str, ...]
    text: str | None
    rationale: str | None
    proposer: str


def entry_like(proposal: Proposal, key: str) -> EntryLike:
    where = (proposal.key,)
    return EntryLike(
        proposal.kind,
        () if proposal.kind == 'insertion' else where,
        where if proposal.kind == 'insertion' else (),
        proposal.text,
        proposal.rationale,
        key,
    )


def yaml_value(value: object) -> str:
    """A value as YAML: JSON's strings and lists are YAML's double-quoted scalars and flow lists."""
    return json.dumps(value, ensure_ascii=False)


def entry_text(amendment_id: str, round_id: str, proposal: Proposal, key: str) -> str:
    """The register's entry for a proposal taken in, as it is appended to the round's file."""
    where = 'insert_after' if proposal.kind == 'insertion' else 'targets'
    fields = {
        'id': amendment_id,
        'round': round_id,
        'proposer': key,
        'manner': 'written',
        'date': proposal.date,
        'kind': proposal.kind,
        where: [proposal.key],
        'text': proposal.text,
        'rationale': proposal.rationale,
        'language': proposal.language,
        'against': proposal.against,
        'against_digest': hashlib.sha256((proposal.seen or '').encode()).hexdigest()[:16] if proposal.seen else None,
        'person': proposal.person,
        'status': 'submitted',
    }
    lines = [f'{name}: {yaml_value(value)}' for name, value in fields.items() if value]
    return '- ' + '\n  '.join(lines) + '\n'


def append(path: Path, entries: list[str], header: str) -> None:
    """Add *entries* at the end of *path*, its comments and order kept."""
    text = (path.read_text(encoding='utf-8') if path.exists() else header).rstrip('\n')
    # A register with nothing in it yet says so as "[]", which a list of entries replaces.
    if text.endswith('\n[]') or text == '[]':
        text = text[:-2].rstrip('\n')
    path.write_text((text + '\n' if text else '') + ''.join(entries), encoding='utf-8')


def write(intake: Intake, taken: list[tuple[Proposal, str]]) -> list[str]:
    """Append the proposals to the round's file and any new bodies to the participants; return ids."""
    folder = intake.root / FOLDER
    already = sum(1 for a in intake.register.amendments if a.round == intake.round_id)
    ids, entries = [], []
    for number, (proposal, key) in enumerate(taken, start=already + 1):
        amendment_id = f'{intake.round_id}-{number}'
        ids.append(amendment_id)
        entries.append(entry_text(amendment_id, intake.round_id, proposal, key))
    if intake.new_bodies:
        languages = {p.proposer_body: p.language for p, _k in taken if p.proposer_body}
        append(
            folder / PARTICIPANTS,
            [
                f'- key: {key}\n  body: {yaml_value(body)}\n'
                + (f'  language: {languages[body]}\n' if languages.get(body) else '')
                for body, key in intake.new_bodies.items()
            ],
            '',
        )
    append(
        folder / f'{intake.round_id}.yaml',
        entries,
        f'# The amendments to the text of {intake.round_id}, in the order they were taken in.\n',
    )
    return ids


def commit(intake: Intake, taken: list[tuple[Proposal, str]]) -> list[str]:
    """Write the proposals; should the register then not read back, put its files back as they were."""
    folder = intake.root / FOLDER
    before = {path: path.read_bytes() for path in folder.glob('*.yaml')}
    ids = write(intake, taken)
    try:
        load_register(folder, intake.round_ids)
    except DataFileError as exc:
        for path in folder.glob('*.yaml'):
            if path in before:
                path.write_bytes(before[path])
            else:
                path.unlink()
        raise SystemExit(f'error: the register would not read back ({exc}); nothing was taken in') from None
    return ids


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='nox -s intake --', description=__doc__.splitlines()[0])
    parser.add_argument('files', nargs='+', type=Path, help='proposal files as the site downloads them')
    parser.add_argument('--round', help='the round the proposals answer (default: the last recorded round)')
    parser.add_argument(
        '--site',
        type=Path,
        default=ROOT / 'build' / 'site',
        help='the built site, whose working draft the proposals are checked against',
    )
    parser.add_argument('--root', type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        registry = rounds.load(args.root / rounds.REGISTRY)
        if not registry:
            raise DataFileError(f'{args.root / rounds.REGISTRY}: no round is recorded for proposals to answer')
        round_id = args.round or registry[-1].id
        if round_id not in {r.id for r in registry}:
            raise DataFileError(f'unknown round {round_id!r}: the rounds are {", ".join(r.id for r in registry)}')
        round_ids = [r.id for r in registry]
        intake = Intake(args.root, args.site, round_id, round_ids, load_register(args.root / FOLDER, round_ids))
    except (DataFileError, rounds.RegistryError) as exc:
        raise SystemExit(f'error: {exc}') from None
    taken = []
    for path in args.files:
        try:
            taken += check(intake, read_submission(path))
        except DataFileError as exc:
            intake.errors.append(str(exc))
        except OSError as exc:
            intake.errors.append(f'{path}: cannot read it: {exc.strerror}')
    for warning in intake.warnings:
        print(f'warning: {warning}')
    if intake.errors:
        print('\n'.join(f'error: {error}' for error in intake.errors))
        raise SystemExit(f'nothing was taken in: {len(intake.errors)} problem(s) in {len(args.files)} file(s)')
    ids = commit(intake, taken)
    print(
        f'taken in {len(ids)} proposal(s) for {round_id}: {", ".join(ids)}; '
        f'see {args.root / FOLDER / (round_id + ".yaml")}'
    )


if __name__ == '__main__':
    main()
