"""The one way the project runs git: in a given repository, its output as text or bytes."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git failed; the message gives the command, the repository and what git said."""


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``git -C root args``; with *check*, a failure is a GitError."""
    result = subprocess.run(['git', '-C', str(root), *args], capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise GitError(f'git {" ".join(args)} failed in {root}: {result.stderr.strip()}')
    return result


def output(root: Path, *args: str) -> str | None:
    """What git printed, stripped, or None when it failed (an unknown commit, not a repository)."""
    result = git(root, *args, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def archive(root: Path, commit: str, paths: list[str]) -> bytes:
    """A tar archive of *paths* at *commit*."""
    result = subprocess.run(
        ['git', '-C', str(root), 'archive', '--format=tar', commit, *paths], capture_output=True, check=False
    )
    if result.returncode != 0:
        raise GitError(f'cannot read the tree of {commit}: {result.stderr.decode(errors="replace").strip()}')
    return result.stdout
