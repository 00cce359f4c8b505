#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Hospitals tab as a screen reader user works it: go to the tab,
find the search entry by its label, type a name, hear the first result
(the one yidi-cli finds first for the same words), open it with Enter
and read its details: the name, direct settlement in words, and how
current the list is."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# First: it sets up the environment for pyatspi, or skips the test without it.
from yidi_atspi import CHINESE, App, Failure, Tap, click, find, find_all, get_text, wait_for  # noqa: E402
import pyatspi  # noqa: E402

TAB_NAME = "定点医院" if CHINESE else "Hospitals"
SEARCH_LABEL = "搜索医院" if CHINESE else "Search hospitals"
RESULTS_LABEL = "找到的医院" if CHINESE else "Hospitals found"
NAME_DESCRIPTION = "医院名称" if CHINESE else "Hospital name"
DATA_DESCRIPTION = "名单的新旧程度" if CHINESE else "How current the list is"
UNKNOWN = "不确定——请向医院核实" if CHINESE else "Not known — check with the hospital"
QUERY = "协和"
RETURN = 0xff0d

YIDI = sys.argv[1]
YIDI_CLI = sys.argv[2] if len(sys.argv) > 2 else None

data_home = tempfile.mkdtemp(prefix="yidi-a11y-hospitals-")
env = {"XDG_DATA_HOME": data_home}


def expected_first():
    """What the directory itself finds first, through the CLI."""
    if YIDI_CLI is None:
        return None
    out = subprocess.run([YIDI_CLI, "search", QUERY, "--json"], check=True, capture_output=True,
                         env=dict(os.environ, **env)).stdout
    return json.loads(out)["results"][0]["name"]


def labels_below(node):
    return [n for n in find_all(node, role="label") if get_text(n)]


def first_result_name(results):
    """The text of the first label in the first row that is not a placeholder."""
    def first():
        rows = [c for c in results if c is not None]
        if not rows:
            return None
        texts = [get_text(n) for n in labels_below(rows[0])]
        return texts[0] if texts and not texts[0].endswith("…") else None
    return wait_for(first, 15, "the first result")


tap = Tap()
app = App(YIDI, env)
window = app.window()
state = {}


def test_go_to_the_tab():
    # The wide switcher in the header bar comes first in the tree.
    tabs = find(window, role="page tab list")
    click(find(tabs, role="page tab", name=TAB_NAME))
    find(window, name=SEARCH_LABEL, timeout=20)


def test_type_a_query():
    entry = find(window, name=SEARCH_LABEL, timeout=20)
    entry.queryEditableText().setTextContents(QUERY)
    wait_for(lambda: get_text(entry) == QUERY, 5, "the query in the entry")
    results = find(window, name=RESULTS_LABEL)
    expected = expected_first()
    # The list shows every hospital at first: wait for the search's answer.
    name = wait_for(lambda: (lambda n: n if QUERY in n or (expected and n == expected) else None)(first_result_name(results)),
                    15, f"a first result for {QUERY!r}")
    if expected is not None and name != expected:
        raise Failure(f"first result {name!r}, the directory finds {expected!r}")
    state["name"] = name
    state["entry"] = entry


def test_open_the_first_result():
    entry = state["entry"]
    # Without a window manager, keys go where the pointer is: click the entry.
    x, y, w, h = entry.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    pyatspi.Registry.generateMouseEvent(x + w // 2, y + h // 2, "b1c")
    wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED), 5, "the entry focused")
    pyatspi.Registry.generateKeyboardEvent(RETURN, None, pyatspi.KEY_SYM)
    label = wait_for(lambda: next((n for n in find_all(window, role="label")
                                   if n.description == NAME_DESCRIPTION and get_text(n)), None),
                     10, "the hospital's name in the details")
    wait_for(lambda: get_text(label) == state["name"], 5, f"the details of {state['name']!r}")


def test_read_the_details():
    note = wait_for(lambda: next((n for n in find_all(window, role="label")
                                  if n.description == DATA_DESCRIPTION and get_text(n)), None),
                    10, "how current the list is")
    text = get_text(note)
    # The installed list is years old: it says so, with its date.
    if not any(ch.isdigit() for ch in text):
        raise Failure(f"no date in {text!r}")
    if ("医保经办机构" if CHINESE else "medical insurance agency") not in text:
        raise Failure(f"no advice to check in {text!r}")
    # Direct settlement is said in words; the installed list does not know it.
    wait_for(lambda: find_all(window, role="label", name=UNKNOWN), 5, "settlement in words")


def test_type_anywhere():
    entry = state["entry"]
    results = find(window, name=RESULTS_LABEL)
    rows = [c for c in results if c is not None]
    if not rows:
        raise Failure("no result rows")
    # Click a result: the keyboard leaves the entry...
    x, y, w, h = rows[0].queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    pyatspi.Registry.generateMouseEvent(x + w // 2, y + h // 2, "b1c")
    wait_for(lambda: not entry.getState().contains(pyatspi.STATE_FOCUSED), 5, "the focus away from the entry")
    # ...and typing there searches again.
    pyatspi.Registry.generateKeyboardEvent(ord("x"), None, pyatspi.KEY_SYM)
    wait_for(lambda: "x" in get_text(entry), 5, "the typed letter in the search entry")


tap.check("the Hospitals tab is reached by its name", test_go_to_the_tab)
tap.check("a query typed into the entry named for it gives the directory's first result", test_type_a_query)
tap.check("Enter in the search opens the first result's details", test_open_the_first_result)
tap.check("the details say how current the list is and settlement in words", test_read_the_details)
tap.check("typing on the tab, away from the entry, searches", test_type_anywhere)
app.close()
shutil.rmtree(data_home, ignore_errors=True)
sys.exit(tap.done())
