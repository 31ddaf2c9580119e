"""Run the benchmarks: ``python -m tests.bench [NAME ...]`` (all ``bench_*`` modules by default)."""

import importlib
import pkgutil
import sys
import time

import tests.bench as package


def bench_modules(selected: list[str]) -> list[str]:
    """The ``bench_*`` module names, limited to those containing one of ``selected``."""
    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__))
    names = [n for n in names if n.startswith("bench_")]
    return [n for n in names if not selected or any(s in n for s in selected)]


def main(argv: list[str]) -> int:
    """Import each benchmark module and call its ``run()``, which prints its results."""
    names = bench_modules(argv)
    if not names:
        print(f"no benchmark matches {argv}", file=sys.stderr)
        return 1
    for name in names:
        started = time.perf_counter()
        print(f"=== {name} ===", flush=True)
        importlib.import_module(f"tests.bench.{name}").run()
        print(f"=== {name}: {time.perf_counter() - started:.1f} s ===\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
