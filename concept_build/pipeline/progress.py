"""A line per edition as it finishes, and the table at the end."""

from __future__ import annotations

import threading

from concept_build.pipeline import children
from concept_build.pipeline.plan import EditionPlan


class Progress:
    def __init__(self, plans: list[EditionPlan]) -> None:
        self.order = {plan.edition.folder: i for i, plan in enumerate(plans)}
        self.total, self.done, self.rows = len(plans), 0, []
        self.lock = threading.Lock()

    def finished(self, plan: EditionPlan, seconds: float, failure: str | None = None) -> None:
        if children.stopping.is_set():
            return  # interrupted: the editions stopped half-way are no news
        with self.lock:
            self.done += 1
            outcome = {f: ('failed' if failure and how != 'kept' else how) for f, how in plan.fates.items()}
            self.rows.append((plan.edition.folder, outcome, seconds, failure))
            formats = ', '.join(f'{f.upper()} {how}' for f, how in outcome.items())
            print(
                f'[{self.done:>{len(str(self.total))}}/{self.total}] {plan.edition.folder:<16} {formats:<28} '
                f'{seconds:6.1f} s',
                flush=True,
            )

    def table(self, formats: tuple[str, ...]) -> str:
        lines = [f'{"edition":<16}' + ''.join(f'{f.upper():<8}' for f in formats) + f'{"seconds":>8}  problem']
        for folder, outcome, seconds, failure in sorted(self.rows, key=lambda r: self.order[r[0]]):
            where = failure.splitlines()[0] if failure else ''
            lines.append(
                f'{folder:<16}' + ''.join(f'{outcome.get(f, "-"):<8}' for f in formats) + f'{seconds:>8.1f}  {where}'
            )
        counts = {
            how: sum(how in o.values() for _f, o, _s, _x in self.rows) for how in ('built', 'cached', 'kept', 'failed')
        }
        lines.append(', '.join(f'{n} {how}' for how, n in counts.items() if n) or 'nothing to do')
        return '\n'.join(lines)
