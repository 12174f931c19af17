"""The README names every environment variable the settings read."""

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
SETTINGS = (BASE / "okr_site" / "settings.py").read_text()
README = (BASE / "README.md").read_text()
READ = sorted(set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', SETTINGS)) | {"DATABASE_URL"})


@pytest.mark.parametrize("variable", READ)
def test_readme_explains_the_variable(variable):
    assert f"`{variable}`" in README
