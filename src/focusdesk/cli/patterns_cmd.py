"""`focusdesk patterns list | show ID | check FILE | use ID`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from focusdesk.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from focusdesk.cli.locale_format import weekday_name
from focusdesk.core.i18n import N_, _
from focusdesk.core.pattern_loader import PatternCatalog, PatternError, load_pattern_file
from focusdesk.core.patterns import BlockKind, DaySpec, Pattern, Weekday, WorkModel
from focusdesk.core.wording import count
from focusdesk.paths import DataPaths
from focusdesk.resources import builtin_patterns_dir


def open_catalog(paths: DataPaths) -> PatternCatalog:
    return PatternCatalog(builtin_patterns_dir(), paths.user_patterns_dir)


def _active_pattern_id(paths: DataPaths) -> str:
    from focusdesk.store.settings_store import load_settings

    settings, _problems = load_settings(paths.settings_file, paths.backups_dir)
    return settings.pattern_id


def list_patterns(args: argparse.Namespace, paths: DataPaths) -> int:
    catalog = open_catalog(paths)
    active = _active_pattern_id(paths)
    width = max(len(p.id) for p in catalog.patterns())
    for pattern in catalog.patterns():
        marker = "*" if pattern.id == active else " "
        origin = _("built-in") if pattern.builtin else _("yours")
        print(
            f"{marker} {pattern.id:<{width}}  {pattern.display_name}  ({_model_word(pattern)}, {origin})"
        )
    for error in catalog.errors:
        for line in error.lines():
            print(f"! {line}")
    return EXIT_OK


def show_pattern(args: argparse.Namespace, paths: DataPaths) -> int:
    catalog = open_catalog(paths)
    if args.pattern_id not in catalog:
        raise _unknown_pattern(args.pattern_id, catalog)
    print(format_week(catalog.get(args.pattern_id)))
    return EXIT_OK


def check_pattern(args: argparse.Namespace, paths: DataPaths) -> int:
    try:
        pattern = load_pattern_file(args.file)
    except PatternError as error:
        raise CliError(_all_problems(error)) from None
    print(_("{file}: OK — {name} ({id})").format(file=args.file, name=pattern.name, id=pattern.id))
    return EXIT_OK


def _all_problems(error: PatternError) -> str:
    """One line for one problem; a count, then one indented line per problem, for more."""
    if len(error.problems) == 1:
        return error.first_line()
    listed = "".join(f"\n  {p.where()}: {p.message}" for p in error.problems)
    problems = count(len(error.problems), "problem", "problems")
    return f"{error.source}: {problems}:{listed}"


def use_pattern(args: argparse.Namespace, paths: DataPaths) -> int:
    from focusdesk.store.settings_store import load_settings, save_settings

    catalog = open_catalog(paths)
    if args.pattern_id not in catalog:
        raise _unknown_pattern(args.pattern_id, catalog)
    settings, _problems = load_settings(paths.settings_file, paths.backups_dir)
    try:
        save_settings(
            paths.settings_file, replace(settings, pattern_id=args.pattern_id), paths.backups_dir
        )
    except OSError as error:
        raise CliError(
            _("cannot save {file}: {reason}").format(
                file=paths.settings_file, reason=error.strerror
            )
        ) from None
    pattern = catalog.get(args.pattern_id)
    told = _tell_running_app(paths, args.pattern_id)
    if told == _("FocusDesk will use it when it starts."):
        _record_switch(paths, pattern)  # a running app records it itself
    print(
        _("Active pattern: {name} ({id}).").format(name=pattern.display_name, id=pattern.id),
        told,
    )
    return EXIT_OK


def _record_switch(paths: DataPaths, pattern: Pattern) -> None:
    """Put the switch into the log's pattern history now (SPEC §5), not at the next start.

    Otherwise the days until FocusDesk runs again would be judged by the old
    pattern. Without a log yet there is no history to keep.
    """
    from datetime import datetime

    from focusdesk.cli.week_cmd import active_context
    from focusdesk.core.plan_history import PatternEvent
    from focusdesk.store.database import open_database
    from focusdesk.store.errors import StorageError
    from focusdesk.store.plan_history import PatternHistoryLog

    if not paths.database.exists():
        return
    context = active_context(paths)
    try:
        database = open_database(
            paths.database, backups_dir=paths.backups_dir, set_aside_damaged=False
        )
        try:
            PatternHistoryLog(database).record(
                pattern, context.today(), datetime.now(context.zone), PatternEvent.SWITCH
            )
        finally:
            database.close()
    except StorageError as error:
        print(
            _("focusdesk: warning: the switch is not in the log's history: {error}").format(
                error=error
            ),
            file=sys.stderr,
        )


def _unknown_pattern(pattern_id: str, catalog: PatternCatalog) -> CliError:
    known = ", ".join(p.id for p in catalog.patterns())
    return CliError(
        _("no pattern '{id}' (known: {known})").format(id=pattern_id, known=known), EXIT_USAGE
    )


def _tell_running_app(paths: DataPaths, pattern_id: str) -> str:
    """Ask a running FocusDesk to read its settings again; say what happened."""
    from focusdesk.cli.control_client import send_request
    from focusdesk.core.control_protocol import Request

    try:
        reply = send_request(
            paths.control_socket, Request("reload"), instance_lock=paths.instance_lock
        )
    except CliError:
        return _("FocusDesk will use it when it starts.")
    if not reply.get("ok"):
        return _("The running FocusDesk did not switch: {error}").format(error=reply.get("error"))
    running = reply.get("status", {}).get("pattern")
    if running != pattern_id:
        return _("The running FocusDesk did not switch: it still runs '{id}'.").format(id=running)
    return _("The running FocusDesk switched to it.")


#: The two work models (SPEC §2) as a person reads them; the file keeps the value.
_MODEL_WORDS = {WorkModel.BALANCE: N_("balance"), WorkModel.INTEGRATION: N_("integration")}


def _model_word(pattern: Pattern) -> str:
    word = _MODEL_WORDS.get(pattern.model)
    return _(word) if word else pattern.model.value


def format_week(pattern: Pattern) -> str:
    """The pattern's week as readable text, identical weekdays grouped ("Mon–Fri")."""
    lines = [f"{pattern.display_name} ({pattern.id}) — {_model_word(pattern)}"]
    if pattern.description:
        lines.append(pattern.display_description)
    lines.append("")
    groups = _day_groups(pattern)
    titles = []
    for weekdays, _spec in groups:
        title = weekday_name(weekdays[0])
        if len(weekdays) > 1:
            title += "–" + weekday_name(weekdays[-1])
        titles.append(title)
    title_width = max(8, *(len(t) + 1 for t in titles))
    for title, (_weekdays, spec) in zip(titles, groups, strict=True):
        lines.extend(_format_day(title, spec, title_width))
    d = pattern.defaults
    warnings = ", ".join(str(m) for m in d.prestop_warnings) or _("none")
    snooze = (
        _("none (strict mode)")
        if d.snoozes_allowed == 0
        else f"{d.snoozes_allowed} × {d.snooze_minutes} min"
    )
    lines.append("")
    lines.append(
        _(
            "Defaults: focus {focus} min · buffer {buffer} min · "
            "warnings {warnings} min before the hard stop · snooze {snooze}"
        ).format(focus=d.focus_minutes, buffer=d.buffer_minutes, warnings=warnings, snooze=snooze)
    )
    if pattern.checklist:
        lines.append(_("Shutdown checklist:"))
        lines.extend(f"  [ ] {item}" for item in pattern.display_checklist)
    return "\n".join(lines)


def _day_groups(pattern: Pattern) -> list[tuple[list[Weekday], DaySpec]]:
    groups: list[tuple[list[Weekday], DaySpec]] = []
    for weekday in Weekday:
        spec = pattern.day(weekday)
        if groups and groups[-1][1] == spec:
            groups[-1][0].append(weekday)
        else:
            groups.append(([weekday], spec))
    return groups


def _format_day(title: str, spec: DaySpec, width: int = 8) -> list[str]:
    head = f"{title:<{width}}"
    indent = " " * width
    if spec.protected:
        status = _("protected — no work")
    elif spec.hard_stop is not None:
        status = _("hard stop {time}").format(time=f"{spec.hard_stop:%H:%M}")
    else:
        status = _("no hard stop")
    lines = [f"{head}{status}"]
    kind_width = max(len(kind.display_name) for kind in BlockKind)
    on, off = _("on"), _("off")
    boundary_width = max(len(on), len(off))
    for block in spec.blocks:
        end = f"{block.end:%H:%M}" + ("+1d" if block.next_day else "")
        boundary = on if block.kind.is_work else off
        lines.append(
            f"{indent}{block.start:%H:%M}–{end:<8} {block.kind.display_name:<{kind_width}}  "
            f"[{boundary:<{boundary_width}}]  {block.display_label}"
        )
    if not spec.blocks and not spec.protected:
        lines.append(indent + _("(nothing planned)"))
    return lines
