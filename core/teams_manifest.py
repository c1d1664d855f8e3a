"""Build the Teams app package: manifest.json plus the two icons, zipped.

Pure logic, standard library only. The manifest text lives in
``manifest/manifest.template.json`` with placeholders for what differs per
installation (the bot's Microsoft App ID, the Teams app id, the version and the valid
domains); this module fills them in and writes the zip that is uploaded to Teams.

    write_package(Path("build/samverkansboten.zip"), app_id="<bot app id GUID>")
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

MANIFEST_DIR = Path(__file__).resolve().parent.parent / "manifest"
TEMPLATE_PATH = MANIFEST_DIR / "manifest.template.json"

APP_ID_PLACEHOLDER = "{{MICROSOFT_APP_ID}}"
TEAMS_APP_ID_PLACEHOLDER = "{{TEAMS_APP_ID}}"
VERSION_PLACEHOLDER = "{{APP_VERSION}}"

# Limits Teams enforces on bot command lists, stricter than the JSON schema in places.
MAX_COMMANDS_PER_LIST = 10
MAX_COMMAND_TITLE = 32
MAX_COMMAND_DESCRIPTION = 128

# Same pattern as "#/definitions/guid" in the Teams manifest schema.
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
# Teams wants MAJOR.MINOR.PATCH, digits only, no leading zeros.
_VERSION = re.compile(r"(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)")
_LEFTOVER_PLACEHOLDER = re.compile(r"\{\{[A-Z0-9_]+\}\}")

# Zip entries get a fixed timestamp so the same input always gives the same bytes.
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def is_guid(value: object) -> bool:
    return isinstance(value, str) and _GUID.fullmatch(value) is not None


def build_manifest(
    app_id: str,
    *,
    teams_app_id: str | None = None,
    version: str = "1.0.0",
    valid_domains: list[str] | None = None,
    template_path: Path | None = None,
) -> dict[str, Any]:
    """Load the manifest template and fill in the per-installation values.

    ``app_id`` is the bot's Microsoft App ID (Azure bot registration). ``teams_app_id``
    is the Teams app's own id; it defaults to ``app_id``, which is the usual choice
    when one Entra app registration backs both.
    """
    if not is_guid(app_id):
        raise ValueError(
            f"app_id must be a GUID like 00000000-0000-0000-0000-000000000000, got {app_id!r}"
        )
    if teams_app_id is None:
        teams_app_id = app_id
    elif not is_guid(teams_app_id):
        raise ValueError(
            f"teams_app_id must be a GUID like "
            f"00000000-0000-0000-0000-000000000000, got {teams_app_id!r}"
        )
    if not isinstance(version, str) or _VERSION.fullmatch(version) is None:
        raise ValueError(f"version must look like MAJOR.MINOR.PATCH (e.g. 1.0.0), got {version!r}")
    domains = _check_domains(valid_domains or [])

    path = template_path or TEMPLATE_PATH
    template = json.loads(path.read_text(encoding="utf-8"))
    # Substitute inside parsed string values, never in raw JSON text, so a value can
    # never break the JSON structure.
    replacements = {
        APP_ID_PLACEHOLDER: app_id,
        TEAMS_APP_ID_PLACEHOLDER: teams_app_id,
        VERSION_PLACEHOLDER: version,
    }
    manifest = _substitute(template, replacements)
    manifest["validDomains"] = domains

    leftover = sorted(set(_LEFTOVER_PLACEHOLDER.findall(json.dumps(manifest))))
    if leftover:
        raise ValueError(
            f"manifest template {path} has unknown placeholders: {', '.join(leftover)}"
        )
    problems = teams_limit_problems(manifest)
    if problems:
        raise ValueError(f"manifest template {path} breaks Teams limits: {'; '.join(problems)}")
    return manifest


def teams_limit_problems(manifest: dict[str, Any]) -> list[str]:
    """Bot command-list problems Teams rejects but the JSON schema may not catch.

    Teams shows at most 10 commands per list, with titles up to 32 characters and
    descriptions up to 128. Returns a readable description of each problem found.
    """
    problems: list[str] = []
    for bot_index, bot in enumerate(manifest.get("bots", [])):
        for list_index, command_list in enumerate(bot.get("commandLists", [])):
            where = f"bots[{bot_index}].commandLists[{list_index}]"
            commands = command_list.get("commands", [])
            if len(commands) > MAX_COMMANDS_PER_LIST:
                problems.append(
                    f"{where} has {len(commands)} commands, at most {MAX_COMMANDS_PER_LIST} allowed"
                )
            for command in commands:
                title = command.get("title", "")
                if len(title) > MAX_COMMAND_TITLE:
                    problems.append(
                        f"{where} command title {title!r} is longer than "
                        f"{MAX_COMMAND_TITLE} characters"
                    )
                if len(command.get("description", "")) > MAX_COMMAND_DESCRIPTION:
                    problems.append(
                        f"{where} command {title!r} has a description longer "
                        f"than {MAX_COMMAND_DESCRIPTION} characters"
                    )
    return problems


def write_package(out_path: Path, app_id: str, **kwargs: Any) -> Path:
    """Write the Teams app package (a zip) and return its path.

    The zip holds manifest.json, color.png and outline.png at its root. Icons are
    read from the directory of the template (``manifest/`` by default), under the
    names the manifest's ``icons`` section gives. ``kwargs`` go to build_manifest.
    """
    manifest = build_manifest(app_id, **kwargs)
    source_dir = (kwargs.get("template_path") or TEMPLATE_PATH).parent
    icon_names = [manifest["icons"]["color"], manifest["icons"]["outline"]]
    icons = {name: (source_dir / name).read_bytes() for name in icon_names}

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        _add(package, "manifest.json", manifest_bytes)
        for name, data in icons.items():
            _add(package, name, data)
    return out_path


def _add(package: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIMESTAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    package.writestr(info, data)


def _substitute(value: Any, replacements: dict[str, str]) -> Any:
    if isinstance(value, str):
        for placeholder, replacement in replacements.items():
            value = value.replace(placeholder, replacement)
        return value
    if isinstance(value, list):
        return [_substitute(item, replacements) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, replacements) for key, item in value.items()}
    return value


def _check_domains(domains: list[str]) -> list[str]:
    """Domains only, as Teams expects: 'bot.example.org' or '*.example.org', no scheme."""
    checked: list[str] = []
    for domain in domains:
        if not isinstance(domain, str) or not domain.strip():
            raise ValueError(f"valid_domains entries must be non-empty strings, got {domain!r}")
        if "://" in domain or "/" in domain:
            raise ValueError(
                f"valid_domains entries must be bare domains such as "
                f"'bot.example.org', without scheme or path, got {domain!r}"
            )
        checked.append(domain.strip())
    return checked
