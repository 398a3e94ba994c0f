"""Ordered lists kept in a ``position`` field that is unique within its parent (criteria of a
call, sections of a template). Callers lock the parent first; these only renumber."""


def move(item, direction, siblings):
    """Swap ``item`` with its neighbour in ``siblings`` ("up" or "down"); at an end, nothing.

    Goes through position 0 so the parent's unique (parent, position) constraint holds at
    every step.
    """
    ordered = siblings.order_by("position")
    neighbour = (
        ordered.filter(position__lt=item.position).last()
        if direction == "up"
        else ordered.filter(position__gt=item.position).first()
    )
    if neighbour is None:
        return item
    mine, theirs = item.position, neighbour.position
    item.position = 0
    item.save(update_fields=["position"])
    neighbour.position = mine
    neighbour.save(update_fields=["position"])
    item.position = theirs
    item.save(update_fields=["position"])
    return item


def append(siblings, **fields):
    """Create an item at the end of ``siblings`` (a related manager, such as
    ``call.criteria``)."""
    return siblings.create(position=next_position(siblings), **fields)


def remove(item, siblings):
    """Delete ``item`` and close the gap it leaves in the numbering."""
    position = item.position
    item.delete()
    close_gap(siblings, position)


def close_gap(siblings, position):
    """After removing the item at ``position``, move everything below it up by one."""
    for later in siblings.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])


def next_position(siblings):
    """The position after the last one: where a new item goes."""
    last = siblings.order_by("-position").first()
    return last.position + 1 if last else 1


def mark_focus(moved, items):
    """After a move, the same button on the moved item keeps focus (``autofocus``, so no
    JavaScript is needed); at the top or bottom of the list, where that button is gone, the
    item's other move button does. ``moved`` is "<pk>-up" or "<pk>-down" from the address."""
    pk, _, action = (moved or "").partition("-")
    item = next((i for i in items if str(i.pk) == pk), None)
    if item is None or action not in {"up", "down"} or len(items) < 2:
        return
    if action == "up" and item.position == 1:
        action = "down"
    elif action == "down" and item.position == len(items):
        action = "up"
    item.focus_action = action
