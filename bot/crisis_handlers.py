"""Crisis plans: `krisplan K-1042` shows a client's plan, `krisplan K-1042 ändra`
lets a coordinator write it (dialogs/crisis_plan_dialog.py). Who may is decided in
core/access.py; every read, write and refusal is audited (storage/crisis_service.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.router import Router
from core.crisis_commands import CRISIS_PLAN
from demo.data import ensure_demo_membership
from dialogs.crisis_plan_dialog import CrisisPlanDialog
from storage.crisis_service import CrisisPlanService

if TYPE_CHECKING:
    from bot.features import Deps


def register(router: Router, deps: Deps) -> None:
    """Crisis plans: one command, which shows the plan or starts writing it."""
    service = CrisisPlanService(
        deps.db, deps.clock, join_demo=ensure_demo_membership if deps.demo else None
    )
    router.command(CRISIS_PLAN, dialog=CrisisPlanDialog(service, deps.clock))
