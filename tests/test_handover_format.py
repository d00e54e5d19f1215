"""The handover format as data: its limits are the models' own, every kind of cell has its
parser, and the import speaks the reader's language (the admin's on the page, English on the
command line)."""

import pytest

from jobatelier.handover.export import package_select


def test_an_unknown_table_is_refused(app):
    with pytest.raises(ValueError, match="visit_notes"):
        package_select("visit_notes")
