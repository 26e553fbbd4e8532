"""`python -m kiosk`, the `kiosk` command and the frozen kiosk's entry. A plain start (the way a hall
starts it) notes stop signals and shows the kiosk's last first frame before the rest of the kiosk is
imported (kiosk/ui/application.py)."""

import sys


def run() -> int:
    from kiosk.core.start_up import is_plain_start, note_stop_signals_early

    if is_plain_start(sys.argv[1:]):
        noted = note_stop_signals_early()
        from kiosk.ui.application import plain_start

        plain_start(sys.argv[1:], noted)
    from kiosk.cli import main  # after the start picture, on purpose

    return main()


if __name__ == "__main__":
    raise SystemExit(run())
