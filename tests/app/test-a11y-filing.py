#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Filing tab as a screen reader user works it: type the name into the
entry found by its label, move with Tab to an answer (each question is a
group named by its text), press Space, and hear the category; then quit
and start again and find the case as it was left."""
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# First: it sets up the environment for pyatspi, or skips the test without it.
from yidi_atspi import CHINESE, App, Failure, Tap, find, find_all, get_text, has_state, set_text, wait_for  # noqa: E402
import pyatspi  # noqa: E402

NAME_LABEL = "姓名或称呼" if CHINESE else "Name or label"
CATEGORY = "异地安置退休人员" if CHINESE else "Retiree resettled in another place"
PERSON = "赵大爷" if CHINESE else "Uncle Zhao"

with open(os.path.join(os.environ["YIDI_POLICY_DIR"], "filing.json"), encoding="utf-8") as f:
    RULES = json.load(f)


def text_of(pair):
    return pair["zh_CN" if CHINESE else "en"]


def question(qid):
    return next(q for q in RULES["questions"] if q["id"] == qid)


def answer_label(qid, aid):
    return text_of(next(a for a in question(qid)["answers"] if a["id"] == aid)["label"])


TAB = 0xff09
SPACE = 0x20


def press(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)


def tab_to(node, limit=120):
    """Tabs through the window, as a screen reader user does, until @node
    has the focus."""
    for _ in range(limit):
        if has_state(node, pyatspi.STATE_FOCUSED):
            return
        press(TAB)
        time.sleep(0.05)
    wait_for(lambda: has_state(node, pyatspi.STATE_FOCUSED), 2, f"focus on {node.name!r}")


def focus_window(window):
    # Without a window manager, keys go where the pointer is: put it on
    # the page (on a heading, where a click does nothing).
    heading = find(window, role="label", name="应该办哪种备案？" if CHINESE else "Which Filing Applies?")
    x, y, w, h = heading.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    pyatspi.Registry.generateMouseEvent(x + 4, y + h // 2, "b1c")
    time.sleep(0.3)


def answer(window, qid, aid):
    group = find(window, name=text_of(question(qid)["text"]), timeout=10)
    box = find(group, role="check box", name=answer_label(qid, aid))
    tab_to(box)
    press(SPACE)
    wait_for(lambda: has_state(box, pyatspi.STATE_CHECKED), 5, f"{box.name!r} checked")


def category_label(window):
    return wait_for(lambda: next((n for n in find_all(window, role="label")
                                  if n.description in ("备案类型", "The filing category")), None),
                    10, "the filing category label")


data_home = tempfile.mkdtemp(prefix="yidi-a11y-")
env = {"XDG_DATA_HOME": data_home}
tap = Tap()
app = App(sys.argv[1], env)
window = app.window()


def test_type_the_name():
    entry = find(window, role="text", name=NAME_LABEL)
    set_text(entry, PERSON)
    wait_for(lambda: get_text(entry) == PERSON, 5, "the name in the entry")
    # The header bar names the case being worked on.
    wait_for(lambda: find_all(window, role="label", name=PERSON), 5, "the case button naming the person")


def test_answer_with_the_keyboard():
    focus_window(window)
    answer(window, "emergency", "no")
    answer(window, "retired", "yes")
    answer(window, "resettled", "yes")
    label = category_label(window)
    wait_for(lambda: get_text(label) == CATEGORY, 10, f"the category {CATEGORY!r}")


def test_tick_a_paper():
    paper = text_of(RULES["documents"]["id_card"]["label"])
    box = find(window, role="check box", name=paper)
    tab_to(box)
    press(SPACE)
    wait_for(lambda: has_state(box, pyatspi.STATE_CHECKED), 5, "the paper ticked")


def test_case_comes_back():
    global app, window
    # A polite quit (the session ending): Yidi saves what is waiting.
    app.close()
    if app.process.returncode != 0:
        raise Failure(f"yidi exited with {app.process.returncode}")
    app = App(sys.argv[1], env)
    window = app.window()
    entry = find(window, role="text", name=NAME_LABEL)
    wait_for(lambda: get_text(entry) == PERSON, 10, "the name restored")
    label = category_label(window)
    wait_for(lambda: get_text(label) == CATEGORY, 10, "the category restored")
    paper = text_of(RULES["documents"]["id_card"]["label"])
    box = find(window, role="check box", name=paper)
    wait_for(lambda: has_state(box, pyatspi.STATE_CHECKED), 5, "the tick restored")
    group = find(window, name=text_of(question("resettled")["text"]))
    yes = find(group, role="check box", name=answer_label("resettled", "yes"))
    if not has_state(yes, pyatspi.STATE_CHECKED):
        raise Failure("the answer was not restored")


tap.check("the name is typed into the entry named for it", test_type_the_name)
tap.check("three answers given with Tab and Space give the category", test_answer_with_the_keyboard)
tap.check("a paper on the checklist is ticked with Space", test_tick_a_paper)
tap.check("after quitting and starting again the case is as it was", test_case_comes_back)
app.close()
shutil.rmtree(data_home, ignore_errors=True)
sys.exit(tap.done())
