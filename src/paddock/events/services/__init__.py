"""Every write about editions: settings, protocol, venue (rooms, tables), time grid, team."""

from paddock.events.services.editions import create_edition, update_edition, update_protocol
from paddock.events.services.grid import (
    add_slot,
    delete_slot,
    describe_slot,
    generate_time_grid,
    update_slot,
)
from paddock.events.services.interpreters import (
    create_interpreter,
    delete_interpreter,
    renew_interpreter_link,
    update_interpreter,
)
from paddock.events.services.privacy import change_privacy_notice
from paddock.events.services.team import (
    accept_team_invitation,
    decline_team_invitation,
    invite_team_member,
    join_team,
    remove_team_member,
    withdraw_team_invitation,
)
from paddock.events.services.venue import (
    add_tables,
    create_room,
    delete_room,
    delete_table,
    table_labels,
    update_room,
    update_table,
)
from paddock.events.timegrid import session_name

__all__ = [
    "accept_team_invitation",
    "add_slot",
    "add_tables",
    "change_privacy_notice",
    "create_edition",
    "create_interpreter",
    "create_room",
    "decline_team_invitation",
    "delete_interpreter",
    "delete_room",
    "delete_slot",
    "delete_table",
    "describe_slot",
    "generate_time_grid",
    "invite_team_member",
    "join_team",
    "remove_team_member",
    "renew_interpreter_link",
    "session_name",
    "table_labels",
    "update_edition",
    "update_interpreter",
    "update_protocol",
    "update_room",
    "update_slot",
    "update_table",
    "withdraw_team_invitation",
]
