#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window as a screen reader sees it: three page tabs, selecting one
selects it alone, each page has its accessible name, and the hospital search
entry is reachable by name and takes text. (GTK 4.8 exposes no "showing"
state over AT-SPI; which page is mapped is checked by test-window.)"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# First: it sets up the environment for pyatspi, or skips the test without it.
from yidi_atspi import CHINESE, App, Tap, click, find, find_all, get_text, has_state, set_text, wait_for  # noqa: E402
import pyatspi  # noqa: E402

TABS = ["备案", "定点医院", "费用估算"] if CHINESE else ["Filing", "Hospitals", "Cost Estimate"]
SEARCH = "搜索医院" if CHINESE else "Search hospitals"

app = App(sys.argv[1])
tap = Tap()
window = app.window()


def tab_list():
    # The wide switcher in the header bar comes first in the tree.
    return find(window, role="page tab list")


def test_tabs_listed():
    names = [t.name for t in find_all(tab_list(), role="page tab")]
    assert names == TABS, names


def selected_tabs():
    return [t.name for t in find_all(tab_list(), role="page tab")
            if has_state(t, pyatspi.STATE_SELECTED)]


def test_tabs_switch_pages():
    for name in reversed(TABS):
        click(find(tab_list(), role="page tab", name=name))
        wait_for(lambda: selected_tabs() == [name], 5, f"only tab {name} selected")


def test_pages_are_named():
    for name in TABS:
        find(window, role="filler", name=name, timeout=5)


def test_search_entry_takes_text():
    click(find(tab_list(), role="page tab", name=TABS[1]))
    entry = find(window, name=SEARCH)
    set_text(entry, "协和")
    wait_for(lambda: get_text(entry) == "协和", 5, "the search text")


tap.check("the three tabs are listed in order", test_tabs_listed)
tap.check("clicking a tab selects it alone", test_tabs_switch_pages)
tap.check("every page carries its tab's name", test_pages_are_named)
tap.check("the hospital search entry takes text", test_search_entry_takes_text)
app.close()
sys.exit(tap.done())
