"""Command line: ``python -m regviz SUBCOMMAND ...``.

Subcommands live in :data:`SUBCOMMANDS`, a dict ``name -> (add_arguments, run)``; adding one
is one small function pair.
"""

from __future__ import annotations

import argparse
import json
import sys


def _reproduce_args(p: argparse.ArgumentParser) -> None:
    from regviz.experiments import names

    p.add_argument("name", nargs="?", choices=names(), help="which reproduction")
    p.add_argument("--list", action="store_true",
                   help="print the reproductions' names, one a line, and stop")
    p.add_argument("--shipped", action="store_true",
                   help="with --list: only those whose reference result ships in the package")
    p.set_defaults(_reproduce_parser=p)
    p.add_argument("--json", action="store_true", help="print the JSON result")
    p.add_argument("--markdown", action="store_true", help="Markdown tables (default)")
    p.add_argument("--latex", action="store_true", help="LaTeX tabular")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--source", choices=("sample", "mnist"), default="sample")
    p.add_argument("--no-cache", action="store_true",
                   help="train now: neither the cache nor the shipped reference is read or "
                        "written")
    p.add_argument("--device", default="cpu",
                   help="where to train (default cpu: the same numbers everywhere; cuda for a "
                        "GPU)")
    p.add_argument("--threads", type=int, default=None,
                   help="torch threads while training (default: regviz's fixed count)")
    p.add_argument("--write-reference", action="store_true",
                   help="store the result as the package's shipped reference (maintainers)")
    p.add_argument("--progress", action="store_true", help="show progress bars")


def _reproduce_run(args: argparse.Namespace) -> int:
    from regviz.experiments import (
        THREADS,
        names,
        reproduce,
        shipped,
        table_rows,
        to_latex,
        to_markdown,
        write_reference,
    )

    if args.list:
        print("\n".join(shipped() if args.shipped else names()))
        return 0
    if args.shipped:
        args._reproduce_parser.error("--shipped goes with --list")
    if args.name is None:
        args._reproduce_parser.error("NAME is required (unless --list)")

    result = reproduce(
        args.name,
        seed=args.seed,
        source=args.source,
        cache=not args.no_cache,
        retrain=args.no_cache,
        device=args.device,
        threads=THREADS if args.threads is None else args.threads,
        progress=args.progress,
    )
    if args.write_reference:
        print(f"wrote {write_reference(result)}", file=sys.stderr)
    if args.json:
        out = result.to_dict(history=False)
        out["rows"] = table_rows(result, per_seed=True)
        print(json.dumps(out, indent=2))
    elif args.latex:
        print(to_latex(result))
    else:
        print(to_markdown(result))
    return 0


def _figures_args(p: argparse.ArgumentParser) -> None:
    from regviz.figures import DEFAULT_FORMATS, FORMATS, parse_formats, parse_names

    def checked(parse):
        def convert(text: str):
            try:
                return parse(text)
            except ValueError as exc:
                raise argparse.ArgumentTypeError(str(exc)) from None

        return convert

    p.add_argument("--out", metavar="DIR", help="folder for the figures (required unless --list)")
    p.add_argument("--format", type=checked(parse_formats), default=DEFAULT_FORMATS,
                   metavar="FMT[,FMT]",
                   help=f"comma-separated, among {','.join(FORMATS)} "
                        f"(default {','.join(DEFAULT_FORMATS)})")
    p.add_argument("--only", type=checked(parse_names), default=None, metavar="NAME[,NAME]",
                   help="write only these figures (see --list)")
    p.add_argument("--list", action="store_true", help="list the figure names and captions")
    p.add_argument("--no-mnist", action="store_true",
                   help="skip the figures that need the trained MNIST networks")
    p.set_defaults(_figures_parser=p)


def _figures_run(args: argparse.Namespace) -> int:
    from regviz.figures import FIGURES, write_figures

    if args.list:
        for spec in FIGURES.values():
            if spec.mnist and args.no_mnist:
                continue
            tag = "  [MNIST]" if spec.mnist else ""
            print(f"{spec.name}{tag}\n    {spec.caption}")
        return 0
    if args.out is None:
        args._figures_parser.error("--out DIR is required (unless --list)")
    write_figures(args.out, formats=args.format, only=args.only, mnist=not args.no_mnist)
    return 0


SUBCOMMANDS = {
    "reproduce": (_reproduce_args, _reproduce_run),
    "figures": (_figures_args, _figures_run),
}


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand."""
    parser = argparse.ArgumentParser(prog="python -m regviz")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add_arguments, run) in SUBCOMMANDS.items():
        sp = sub.add_parser(name)
        add_arguments(sp)
        sp.set_defaults(_run=run)
    args = parser.parse_args(argv)
    return args._run(args)


if __name__ == "__main__":
    sys.exit(main())
