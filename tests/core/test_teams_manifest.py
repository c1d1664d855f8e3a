"""The Teams app package: manifest valid against the v1.30 schema, icons, zip layout."""

from __future__ import annotations

import copy
import json
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft7Validator
from jsonschema.protocols import Validator
from PIL import Image

from core.teams_manifest import (
    MANIFEST_DIR,
    TEMPLATE_PATH,
    build_manifest,
    teams_limit_problems,
    write_package,
)

SCHEMA_PATH = MANIFEST_DIR / "schema" / "MicrosoftTeams.schema.v1.30.json"

APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
TEAMS_APP_ID = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"

COMMAND_TITLES = [
    "hjälp",
    "skatta",
    "graf",
    "boka",
    "möten",
    "vem",
    "påminn",
    "påminnelser",
    "inställningar",
    "avbryt",
]
# Teams shows at most ten per list: in the 1:1 chat export (personal only) replaces avbryt.
PERSONAL_TITLES = [*COMMAND_TITLES[:-1], "exportera"]
SCOPES = {"personal", "team", "groupChat"}

# The schema declares draft-04 but also uses later keywords ("const" on manifestVersion,
# "if"/"then"); draft-04 ignores those, so validate with both drafts.
VALIDATOR_CLASSES: list[type[Validator]] = [Draft4Validator, Draft7Validator]


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _errors(validator_class: type[Validator], manifest: dict[str, Any]) -> list[str]:
    validator = validator_class(_schema())
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(manifest)
    ]


def _manifest() -> dict[str, Any]:
    return build_manifest(APP_ID)


# --- Schema validation -----------------------------------------------------------------


def test_schema_copy_is_the_v1_30_schema() -> None:
    schema = _schema()
    assert schema["properties"]["manifestVersion"]["const"] == "1.30"


@pytest.mark.parametrize("validator_class", VALIDATOR_CLASSES)
def test_built_manifest_validates_against_schema(validator_class: type[Validator]) -> None:
    manifest = build_manifest(
        APP_ID, teams_app_id=TEAMS_APP_ID, version="1.2.3", valid_domains=["bot.example.org"]
    )
    assert _errors(validator_class, manifest) == []


@pytest.mark.parametrize("validator_class", VALIDATOR_CLASSES)
def test_schema_rejects_missing_bot_id(validator_class: type[Validator]) -> None:
    manifest = _manifest()
    del manifest["bots"][0]["botId"]
    errors = _errors(validator_class, manifest)
    assert any("'botId' is a required property" in error for error in errors), errors


@pytest.mark.parametrize("validator_class", VALIDATOR_CLASSES)
def test_schema_rejects_non_guid_bot_id(validator_class: type[Validator]) -> None:
    manifest = _manifest()
    manifest["composeExtensions"][0]["botId"] = "{{MICROSOFT_APP_ID}}"
    assert _errors(validator_class, manifest)


@pytest.mark.parametrize("validator_class", VALIDATOR_CLASSES)
def test_schema_rejects_too_many_commands(validator_class: type[Validator]) -> None:
    # The v1.30 schema allows 12 commands per list; 13 must fail.
    manifest = _manifest()
    command_list = manifest["bots"][0]["commandLists"][0]
    command_list["commands"] = [{"title": f"kommando{i}"} for i in range(13)]
    errors = _errors(validator_class, manifest)
    assert any("is too long" in error for error in errors), errors


def test_draft7_rejects_wrong_manifest_version() -> None:
    manifest = _manifest()
    manifest["manifestVersion"] = "1.17"
    assert _errors(Draft7Validator, manifest)


def test_unfilled_template_fails_schema() -> None:
    template = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))
    errors = _errors(Draft7Validator, template)
    assert any(error.startswith("id:") for error in errors), errors
    assert any(error.startswith("bots/0/botId:") for error in errors), errors


# --- Teams limits stricter than the schema ---------------------------------------------


def test_manifest_is_within_teams_command_limits() -> None:
    assert teams_limit_problems(_manifest()) == []


def test_eleven_commands_break_teams_limit() -> None:
    manifest = _manifest()
    commands = manifest["bots"][0]["commandLists"][1]["commands"]
    commands.append({"title": "extra", "description": "Ett kommando för mycket"})
    assert len(commands) == 11
    problems = teams_limit_problems(manifest)
    assert len(problems) == 1
    assert "bots[0].commandLists[1] has 11 commands" in problems[0]


def test_long_command_title_and_description_break_teams_limits() -> None:
    manifest = _manifest()
    command = manifest["bots"][0]["commandLists"][0]["commands"][0]
    command["title"] = "x" * 33
    command["description"] = "y" * 129
    assert len(teams_limit_problems(manifest)) == 2


def test_template_breaking_teams_limits_is_refused(tmp_path: Path) -> None:
    template = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))
    template["bots"][0]["commandLists"][0]["commands"].append({"title": "elva"})
    broken = tmp_path / "manifest.template.json"
    broken.write_text(json.dumps(template, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="11 commands"):
        build_manifest(APP_ID, template_path=broken)


# --- Content -----------------------------------------------------------------------------


def test_ids_and_version_are_filled_in() -> None:
    manifest = build_manifest(APP_ID, teams_app_id=TEAMS_APP_ID, version="2.0.1")
    assert manifest["id"] == TEAMS_APP_ID
    assert manifest["version"] == "2.0.1"
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["composeExtensions"][0]["botId"] == APP_ID
    assert "{{" not in json.dumps(manifest)


def test_teams_app_id_defaults_to_bot_app_id() -> None:
    manifest = _manifest()
    assert manifest["id"] == APP_ID
    assert manifest["version"] == "1.0.0"


def test_valid_domains() -> None:
    assert _manifest()["validDomains"] == []
    domains = ["bot.example.org", "*.example.org"]
    assert build_manifest(APP_ID, valid_domains=domains)["validDomains"] == domains


def test_names_and_descriptions() -> None:
    manifest = _manifest()
    assert manifest["manifestVersion"] == "1.30"
    assert manifest["name"] == {
        "short": "Samverkansboten",
        "full": "Samverkansboten – samverkan kring brukare",
    }
    assert len(manifest["description"]["short"]) <= 80
    assert len(manifest["description"]["full"]) <= 4000
    full = manifest["description"]["full"]
    for topic in ("SSD", "resursgruppsmöte", "SIP", "Vem gör vad", "huvudman", "Påminnelser"):
        assert topic.casefold() in full.casefold(), topic
    developer = manifest["developer"]
    assert developer["name"] == "Samverkansboten"
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        assert developer[key].startswith("https://example.org/samverkansboten")


def test_bot_settings() -> None:
    bots = _manifest()["bots"]
    assert len(bots) == 1
    bot = bots[0]
    assert set(bot["scopes"]) == SCOPES
    assert bot["supportsFiles"] is True
    assert bot["isNotificationOnly"] is False


def test_every_scope_has_all_commands() -> None:
    command_lists = _manifest()["bots"][0]["commandLists"]
    scopes_seen: set[str] = set()
    for command_list in command_lists:
        scopes_seen.update(command_list["scopes"])
        titles = [command["title"] for command in command_list["commands"]]
        expected = PERSONAL_TITLES if command_list["scopes"] == ["personal"] else COMMAND_TITLES
        assert titles == expected
        assert all(command["description"] for command in command_list["commands"])
    assert scopes_seen == SCOPES


def test_manifest_commands_match_the_bots_command_words() -> None:
    # What Teams suggests must be what the bot understands.
    from tests.bot.test_router import COMMANDS

    words = {spec.sv for spec in COMMANDS}
    assert set(COMMAND_TITLES) | set(PERSONAL_TITLES) <= words


def test_search_messaging_extension() -> None:
    extensions = _manifest()["composeExtensions"]
    assert len(extensions) == 1
    (command,) = extensions[0]["commands"]
    assert command["id"] == "searchContacts"
    assert command["type"] == "query"
    assert command["title"] == "Vem gör vad"
    assert command["initialRun"] is False
    assert set(command["context"]) == {"compose", "commandBox"}
    (parameter,) = command["parameters"]
    assert parameter["name"] == "query"
    assert parameter["title"]
    assert parameter["description"]


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id",
    ["", "not-a-guid", "3f2504e0-4f89-41d3-9a0c-0305e82c330", f" {APP_ID}", f"{{{APP_ID}}}"],
)
def test_non_guid_app_id_raises(bad_id: str) -> None:
    with pytest.raises(ValueError, match="app_id must be a GUID"):
        build_manifest(bad_id)


def test_non_guid_teams_app_id_raises() -> None:
    with pytest.raises(ValueError, match="teams_app_id must be a GUID"):
        build_manifest(APP_ID, teams_app_id="samverkansboten")


@pytest.mark.parametrize("bad_version", ["1.0", "v1.0.0", "1.0.0-beta", "01.0.0"])
def test_bad_version_raises(bad_version: str) -> None:
    with pytest.raises(ValueError, match="version"):
        build_manifest(APP_ID, version=bad_version)


@pytest.mark.parametrize("bad_domain", ["", "https://bot.example.org", "bot.example.org/api"])
def test_bad_valid_domain_raises(bad_domain: str) -> None:
    with pytest.raises(ValueError, match="valid_domains"):
        build_manifest(APP_ID, valid_domains=[bad_domain])


def test_build_does_not_mutate_between_calls() -> None:
    first = build_manifest(APP_ID)
    snapshot = copy.deepcopy(first)
    build_manifest(TEAMS_APP_ID)
    assert first == snapshot


# --- Icons -------------------------------------------------------------------------------


def test_color_icon_is_192_full_colour() -> None:
    with Image.open(MANIFEST_DIR / "color.png") as image:
        assert image.format == "PNG"
        assert image.size == (192, 192)
        assert image.mode in {"RGB", "RGBA"}
        colours = image.convert("RGB").getcolors(maxcolors=192 * 192)
    assert colours is not None
    assert len(colours) > 2


def test_outline_icon_is_32_white_on_transparent() -> None:
    with Image.open(MANIFEST_DIR / "outline.png") as image:
        assert image.format == "PNG"
        assert image.size == (32, 32)
        rgba = image.convert("RGBA")
    pixels = [rgba.getpixel((x, y)) for y in range(32) for x in range(32)]
    alphas = [pixel[3] for pixel in pixels]
    assert min(alphas) == 0, "outline.png needs a transparent background"
    assert max(alphas) == 255, "outline.png needs a visible shape"
    not_white = [pixel for pixel in pixels if pixel[3] > 0 and pixel[:3] != (255, 255, 255)]
    assert not_white == []


# --- Package -----------------------------------------------------------------------------


def test_write_package(tmp_path: Path) -> None:
    out = tmp_path / "build" / "samverkansboten.zip"
    result = write_package(out, APP_ID, teams_app_id=TEAMS_APP_ID, version="1.0.1")
    assert result == out
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        raw = package.read("manifest.json")
        color = package.read("color.png")
        outline = package.read("outline.png")

    text = raw.decode("utf-8")
    assert "Samverkansboten – samverkan kring brukare" in text  # not \u-escaped
    assert "\n  " in text  # indented
    manifest = json.loads(text)
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["composeExtensions"][0]["botId"] == APP_ID
    assert manifest["id"] == TEAMS_APP_ID
    assert manifest["version"] == "1.0.1"
    for validator_class in VALIDATOR_CLASSES:
        assert _errors(validator_class, manifest) == []

    assert color == (MANIFEST_DIR / "color.png").read_bytes()
    assert outline == (MANIFEST_DIR / "outline.png").read_bytes()
    with Image.open(BytesIO(color)) as image:
        assert image.size == (192, 192)
    with Image.open(BytesIO(outline)) as image:
        assert image.size == (32, 32)


def test_write_package_is_reproducible(tmp_path: Path) -> None:
    first = write_package(tmp_path / "a.zip", APP_ID)
    second = write_package(tmp_path / "b.zip", APP_ID)
    assert first.read_bytes() == second.read_bytes()


def test_write_package_refuses_bad_app_id(tmp_path: Path) -> None:
    out = tmp_path / "bad.zip"
    with pytest.raises(ValueError):
        write_package(out, "nope")
    assert not out.exists()
