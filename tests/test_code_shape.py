"""The shape the code keeps, so that new features copy a clean pattern: the import layers,
no role named outside the access policy, small modules, and a README that maps the tree."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
PACKAGE = TOP / "jobatelier"
# A role compared or quoted: `role == ...`, `role in (...)`, `'admin'` (not `'admin.index'`).
ROLE_TEST = re.compile(r"\brole\s*(==|!=|\bin\b)|['\"](volunteer|coordinator|admin|coach)['\"]")


def test_the_import_layers_hold():
    """setup.cfg's import-linter contracts: entry points > features > shared > models, thin
    views above services, forms that never reach the database."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--config", str(TOP / "setup.cfg")], cwd=TOP,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize("template", sorted((TOP / "templates").rglob("*.html")),
                         ids=lambda path: str(path.relative_to(TOP / "templates")))
def test_templates_ask_the_policy_and_never_name_a_role(template):
    """Templates ask can(action) or may_correct(row); a role named there is a second policy."""
    found = [line for line in template.read_text(encoding="utf-8").splitlines()
             if ROLE_TEST.search(line)]
    assert not found, found


def test_only_the_access_policy_compares_roles():
    """Services and views ask `permitted(user, action)`: a role compared anywhere else is a
    second policy."""
    compare = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)")
    found = [f"{path.relative_to(TOP)}:{number}: {line.strip()}"
             for path in PACKAGE.rglob("*.py") if path != PACKAGE / "access.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if compare.search(line)]
    assert not found, "\n".join(found)


def test_no_module_is_over_300_lines():
    long = {str(path.relative_to(TOP)): lines for path in PACKAGE.rglob("*.py")
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 300}
    assert not long, long


def test_the_readme_maps_every_module_and_nothing_else():
    """The README's "Code layout" names each module and package of jobatelier/ and only those."""
    readme = (TOP / "README.md").read_text(encoding="utf-8")
    layout = readme.split("### Code layout", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `([a-z0-9_]+(?:\.py|/))` \|", layout, re.M))
    present = {path.name + "/" if path.is_dir() else path.name for path in PACKAGE.iterdir()
               if (path.suffix == ".py" or path.is_dir()) and path.name != "__pycache__"}
    assert named == present, {"missing": present - named, "gone": named - present}


def test_the_app_starts_without_the_spreadsheet_library():
    """openpyxl (and numpy, which it loads where installed) comes in when a workbook is asked
    for: every command and worker starts without it, 0.12-0.28 s sooner."""
    code = ("import sys; from jobatelier import create_app; "
            "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'x'}); "
            "print(sorted({'openpyxl', 'numpy'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=TOP, capture_output=True,
                            text=True, check=False)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr[-3000:]
