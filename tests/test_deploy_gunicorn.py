"""The web processes' gunicorn settings: loaded by production's unit and by the bench, and the
worker hook takes the app out of the garbage collector's walks (issue 21)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def test_production_unit_and_bench_load_the_config():
    unit = (ROOT / "deploy" / "systemd" / "portal-web@.service").read_text(encoding="utf-8")
    assert "--config /srv/portal/app/deploy/gunicorn.conf.py" in unit
    harness = (ROOT / "bench" / "harness.py").read_text(encoding="utf-8")
    assert '"--config", str(ROOT / "deploy" / "gunicorn.conf.py")' in harness


def test_worker_hook_freezes_the_loaded_app_and_raises_the_threshold():
    # In a fresh interpreter: freezing this test process would keep its garbage for good.
    script = (
        "import gc, runpy\n"
        f"settings = runpy.run_path({str(CONFIG)!r})\n"
        "import portal\n"
        "assert gc.get_freeze_count() == 0\n"
        "settings['post_worker_init'](None)\n"
        "print(gc.get_freeze_count(), gc.get_threshold()[0])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    frozen, threshold = result.stdout.split()
    assert int(frozen) > 10_000  # the app's modules at least
    assert int(threshold) == 10_000
