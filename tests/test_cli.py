"""The command line: init, add-location, create-user, demo."""

import pytest
from sqlalchemy import func, select

from jobatelier.extensions import db
from jobatelier.models import Location, User, Visit


@pytest.fixture(autouse=True)
def first_start(empty_database):
    """The command line starts from an empty database, as on a new install."""


def test_init_creates_defaults_and_an_admin_once(runner):
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert "password:" in first.output and "Added the location 'demo'" in first.output
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    assert admin.role == "admin" and admin.password_hash.startswith("$argon2id$")
    second = runner.invoke(args=["init"])
    assert second.exit_code == 0 and "password" not in second.output
    assert db.session.query(User).count() == 1


def test_add_location_and_create_user_with_a_password_on_stdin(runner):
    runner.invoke(args=["init"])
    result = runner.invoke(args=["add-location", "lier", "Jobatelier Lier",
                                 "--municipality", "Lier", "--organisation", "SAAMO"])
    assert result.exit_code == 0 and "er-" in result.output
    result = runner.invoke(args=["create-user", "vera", "--role", "volunteer",
                                 "--location", "lier", "--password-stdin"],
                           input="a long password here\n")
    assert result.exit_code == 0, result.output
    vera = db.session.scalar(select(User).where(User.username == "vera"))
    assert [loc.code for loc in vera.locations] == ["lier"]


def test_command_line_mistakes_are_explained_in_english(runner):
    """Operators read the command line in English, whatever the desks speak."""
    runner.invoke(args=["init"])
    result = runner.invoke(args=["add-location", "Lier!", "x", "--municipality", "Lier"])
    assert result.exit_code != 0 and "code:" in result.output
    result = runner.invoke(args=["create-user", "vera", "--role", "volunteer",
                                 "--location", "nowhere"])
    assert result.exit_code != 0 and "Unknown location: nowhere" in result.output


def test_demo_holds_the_published_2022_figures(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    year = func.strftime("%Y", Visit.arrived_at) if db.engine.name == "sqlite" else func.to_char(
        Visit.arrived_at, "YYYY")
    stmt = (select(Location.code, func.count(func.distinct(Visit.visitor_id)))
            .join(Visit.location).where(year == "2022").group_by(Location.code))
    counts = dict(db.session.execute(stmt).all())
    assert counts["lier"] == 202 and counts["heist-op-den-berg"] == 107
    assert "Demo data not loaded" in runner.invoke(args=["demo"]).output
