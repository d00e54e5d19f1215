"""Where the browser tests find Chromium, axe-core and the repository."""

import os
import shutil
from pathlib import Path

from live import ROOT

CHROMIUM = os.environ.get("JOBATELIER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(os.environ.get("JOBATELIER_AXE") or ROOT / ".ci/node/node_modules/axe-core/axe.min.js")
