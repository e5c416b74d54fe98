"""Read the body xlwings' VBA client posts, including the one it gets wrong.

``WebHelpers.ConvertToJson`` knows only the seven classic Excel error values. A cell showing a
newer one (``#SPILL!``, ``#CALC!``, ``#FIELD!``, ``#BLOCKED!``, ``#CONNECT!``, ``#UNKNOWN!``,
``#BUSY!``, ``#GETTING_DATA``) converts to nothing, so the array holds an empty slot
(``[1,,3]``) and the body is not JSON. Refusing it would leave staff with a message about
JSON; instead the empty slots are read as the error value :data:`LOST_ERROR`, so the cell
gets its V-008 finding and its mark like any other error value.

Example:
    >>> loads_client_body(b'{"values": [[1,,3],[,"a,,b",]]}')
    {'values': [[1, '#UNKNOWN!', 3], ['#UNKNOWN!', 'a,,b', '#UNKNOWN!']]}
"""

from __future__ import annotations

import json
from typing import Any

#: What an empty array slot becomes: an error value the validator knows (``#UNKNOWN!`` is
#: Excel's own error for a value it cannot show), since the client lost which one it was.
LOST_ERROR = "#UNKNOWN!"


def repair(text: str) -> str:
    """Fill the empty array slots of ``text`` (outside strings) with :data:`LOST_ERROR`."""
    out: list[str] = []
    in_string = escaped = False
    stack: list[str] = []
    prev = ""  # last character outside strings and whitespace
    filler = json.dumps(LOST_ERROR)
    for ch in text:
        if in_string:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch in " \t\r\n":
            out.append(ch)
            continue
        in_array = bool(stack) and stack[-1] == "["
        empty_array = ch == "]" and prev == "["
        if in_array and ch in ",]" and prev in ("[", ",") and not empty_array:
            out.append(filler)
        if ch in "[{":
            stack.append(ch)
        elif ch in "]}" and stack:
            stack.pop()
        elif ch == '"':
            in_string = True
        out.append(ch)
        prev = ch
    return "".join(out)


def loads_client_body(body: bytes) -> Any:
    """The posted book payload as Python data (empty slots read as :data:`LOST_ERROR`).

    Raises:
        ValueError: not JSON even after repair (``json.JSONDecodeError``) or not UTF-8.
    """
    text = body.decode("utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return json.loads(repair(text))
