"""``orga simulate``: simulated pupils take the adaptive test of a target profile."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from engine.content import ContentError, Referential, bundled_referential, load_referential
from engine.simulation import PUPIL_MODELS, SimulationReport, simulate
from engine.synthetic import synthetic_referential

_BAR_WIDTH = 30


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="fait passer le test adaptatif à des élèves simulés et mesure le moteur",
    )
    parser.add_argument("--profile", required=True, help="identifiant du profil cible (tp-16…)")
    parser.add_argument("--pupils", type=int, default=100, help="nombre d'élèves (100)")
    parser.add_argument("--seed", type=int, default=1, help="graine du tirage (1)")
    parser.add_argument(
        "--method",
        choices=("smart-random", "irt"),
        default="smart-random",
        help="méthode de sélection et de mesure (smart-random)",
    )
    parser.add_argument(
        "--pupil-model",
        choices=PUPIL_MODELS,
        default="engine",
        help="modèle d'élève simulé : engine (celui du moteur) ou different (engine)",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--content", default=None, help="contenu à utiliser (par défaut : la banque fournie)"
    )
    source.add_argument("--synthetic", action="store_true", help="utiliser une banque synthétique")
    parser.set_defaults(handler=simulate_command)


def _number(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def _percent(share: float) -> str:
    return f"{_number(share * 100)} %"


class ProgressBar:
    """A one-line ``\\r`` progress bar on stderr, redrawn only when it changes."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.drawn = -1

    def __call__(self, done: int, total: int) -> None:
        filled = done * _BAR_WIDTH // max(total, 1)
        if filled == self.drawn and done != total:
            return
        self.drawn = filled
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total}{end}")
        sys.stderr.flush()


def report_lines(report: SimulationReport, profile_name: str) -> list[str]:
    """The table printed by ``orga simulate``."""
    rows = [
        (
            "questions posées (moyenne)",
            f"{_number(report.mean_questions)} (max {report.max_questions})",
        ),
        ("part des acquis du profil posés", _percent(report.mean_share_asked)),
        ("niveau estimé à ±1 du vrai niveau", _percent(report.within_one_share)),
        ("niveau estimé exact", _percent(report.exact_share)),
        ("écart absolu moyen (niveaux)", _number(report.mean_absolute_error, 2)),
        ("élèves à ±1 sur toutes leurs compétences", _percent(report.all_within_one_share)),
    ]
    if report.mean_standard_error is not None:
        rows.append(("erreur type finale (moyenne)", _number(report.mean_standard_error, 2)))
    if report.p50_selection_us is not None:
        rows.append(("temps par sélection, p50", f"{_number(report.p50_selection_us, 0)} µs"))
    if report.mean_selection_us is not None and report.p99_selection_us is not None:
        rows.append(("temps par sélection, moyenne", f"{_number(report.mean_selection_us, 0)} µs"))
        rows.append(("temps par sélection, p99", f"{_number(report.p99_selection_us, 0)} µs"))
    header = (
        f"Simulation du profil {report.profile_id} « {profile_name} » : "
        f"{report.target_skills} acquis, {report.competences} compétence(s), "
        f"{report.pupils} élèves, graine {report.seed}, méthode {report.method}, "
        f"modèle d'élève {report.pupil_model}"
    )
    width = max(len(label) for label, _ in rows)
    lines = [header]
    lines.extend(f"  {label:<{width}}  {value}" for label, value in rows)
    lines.append("  (niveaux comparés par couple élève × compétence)")
    return lines


def _referential(args: argparse.Namespace) -> Referential:
    if args.synthetic:
        return synthetic_referential(seed=args.seed)
    if args.content is not None:
        return load_referential(args.content)
    return bundled_referential()


def simulate_command(args: argparse.Namespace) -> int:
    if args.pupils < 1:
        print("--pupils doit valoir au moins 1.", file=sys.stderr)
        return 2
    try:
        referential = _referential(args)
    except ContentError as error:
        for issue in error.issues:
            print(issue, file=sys.stderr)
        print("Le contenu est refusé : simulation impossible.", file=sys.stderr)
        return 1
    profile = referential.target_profiles.get(args.profile)
    if profile is None:
        known = ", ".join(sorted(referential.target_profiles))
        print(f"Profil cible « {args.profile} » inconnu. Profils : {known}.", file=sys.stderr)
        return 2
    report = simulate(
        referential,
        profile.id,
        args.pupils,
        args.seed,
        clock=time.perf_counter,
        progress=ProgressBar("Élèves simulés"),
        method=args.method,
        pupil_model=args.pupil_model,
    )
    for line in report_lines(report, profile.name):
        print(line)
    return 0
