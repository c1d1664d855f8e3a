"""A dialog in progress survives a restart: its state lives in the database."""

from __future__ import annotations

from core.i18n import t
from tests.e2e.conftest import BotService


async def test_the_settings_dialog_finishes_on_a_new_app_after_a_restart(
    service: BotService,
) -> None:
    await service.start()
    started = await service.turn(service.activity(text="inställningar"))
    assert [r.body["summary"] for r in started.replies] == [t("settings.ask_language", "sv")]
    language = await service.turn(service.activity(text="Svenska"))
    assert language.texts == [t("settings.ask_timezone", "sv", current="Europe/Stockholm")]

    await service.stop()
    await service.start()
    finished = await service.turn(service.activity(text="Europe/Helsinki"))

    assert finished.status == 200
    assert finished.texts == [
        t(
            "settings.saved",
            "sv",
            language=t("settings.language.sv", "sv"),
            timezone="Europe/Helsinki",
        )
    ]
    assert finished.texts[0].startswith("Sparat")
    assert service.rows("SELECT teams_user_id, language, timezone FROM staff_users") == [
        {"teams_user_id": "29:user-anna", "language": "sv", "timezone": "Europe/Helsinki"}
    ]
    # The dialog is over: the next message is a command again, not a prompt answer.
    await service.assert_answers_help()
