"""Talk to StatusNotifierItems the way a tray host (waybar, KDE's panel) does.

Run inside the Wayland test desktop's session bus, as its user (the bus
admits no one else); prints JSON on stdout. Uses jeepney (pure Python): the
dbusmenu layout is nested structs and variants, which QtDBus cannot hand
back to Python.

    sni_client.py items                    the watcher's registered items
    sni_client.py activate ITEM            what a left click sends
    sni_client.py properties ITEM          ToolTip title, Status, Title, IconName
    sni_client.py menu ITEM                the item's dbusmenu, flattened
    sni_client.py click ITEM ID            trigger one menu entry

ITEM is as the watcher lists it: "<bus name>/<object path>".
"""

from __future__ import annotations

import json
import sys
from typing import Any

from jeepney import DBusAddress, Properties, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection

WATCHER = DBusAddress(
    "/StatusNotifierWatcher",
    bus_name="org.kde.StatusNotifierWatcher",
    interface="org.kde.StatusNotifierWatcher",
)
ITEM_INTERFACE = "org.kde.StatusNotifierItem"
MENU_INTERFACE = "com.canonical.dbusmenu"
TIMEOUT = 10


def _call(connection: DBusConnection, message: Any) -> tuple[Any, ...]:
    reply = connection.send_and_get_reply(message, timeout=TIMEOUT)
    if reply.header.message_type.name == "error":
        raise SystemExit(f"D-Bus error: {reply.header.fields} {reply.body}")
    return tuple(reply.body)


def _item(name: str) -> DBusAddress:
    service, _, path = name.partition("/")
    return DBusAddress("/" + path, bus_name=service, interface=ITEM_INTERFACE)


def _property(connection: DBusConnection, address: DBusAddress, name: str) -> Any:
    (value,) = _call(connection, Properties(address).get(name))
    return value[1]  # (signature, value)


def _menu(connection: DBusConnection, item: DBusAddress) -> DBusAddress:
    path = _property(connection, item, "Menu")
    return DBusAddress(path, bus_name=item.bus_name, interface=MENU_INTERFACE)


def _flatten(node: tuple[int, dict[str, Any], list[Any]], parent: int | None) -> list[dict]:
    item_id, properties, children = node
    entry: dict[str, Any] = {"id": item_id, "parent": parent}
    entry.update({key: value for key, (_signature, value) in properties.items()})
    entries = [entry]
    for _signature, child in children:
        entries += _flatten(child, item_id)
    return entries


def main(argv: list[str]) -> int:
    command, *rest = argv
    connection = open_dbus_connection(bus="SESSION")
    try:
        if command == "items":
            result: Any = _property(connection, WATCHER, "RegisteredStatusNotifierItems")
        elif command == "activate":
            _call(connection, new_method_call(_item(rest[0]), "Activate", "ii", (0, 0)))
            result = "ok"
        elif command == "properties":
            item = _item(rest[0])
            tooltip = _property(connection, item, "ToolTip")  # (icon, pixmaps, title, text)
            result = {
                "Status": _property(connection, item, "Status"),
                "Title": _property(connection, item, "Title"),
                "IconName": _property(connection, item, "IconName"),
                "ToolTipTitle": tooltip[2],
                "ToolTipText": tooltip[3],
            }
        elif command == "menu":
            menu = _menu(connection, _item(rest[0]))
            # The host says it is about to show the menu, then reads it whole.
            _call(connection, new_method_call(menu, "AboutToShow", "i", (0,)))
            _revision, layout = _call(
                connection, new_method_call(menu, "GetLayout", "iias", (0, -1, []))
            )
            result = _flatten(layout, None)
        elif command == "click":
            menu = _menu(connection, _item(rest[0]))
            event = (int(rest[1]), "clicked", ("i", 0), 0)
            _call(connection, new_method_call(menu, "Event", "isvu", event))
            result = "ok"
        else:
            raise SystemExit(f"unknown command {command!r}")
    finally:
        connection.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
