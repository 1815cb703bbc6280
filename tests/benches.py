"""The benchmark scripts in bench/, imported by path for the tests that check them."""

import importlib.util

from django.conf import settings


def load_bench(name):
    """Return the module bench/<name>.py (bench/ is scripts, not a package)."""
    path = settings.BASE_DIR / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
