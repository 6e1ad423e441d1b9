"""`python -m analysis …`: the command-line entry point."""

from analysis.cli import main

if __name__ == "__main__":  # a spawned worker process imports this module as `__mp_main__`: no rerun
    raise SystemExit(main(prog_name="python -m analysis"))
