#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Cost estimate tab as a screen reader user works it: open the tab by
its name, find the bill entry by its label, type an amount, and hear the
out-of-pocket amount from the label described as such; it must be what
the rule engine (yidi-cli estimate, run here on its own) says for the same
case and bill. Then a bad amount: the entry says why, and no amount is
read out."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# First: it sets up the environment for pyatspi, or skips the test without it.
from yidi_atspi import CHINESE, App, Failure, Tap, click, find, find_all, get_text, set_text, wait_for  # noqa: E402

TAB = "费用估算" if CHINESE else "Cost Estimate"
BILL_LABEL = "账单总额（元）" if CHINESE else "Bill total (yuan)"
OOP_DESCRIPTION = "您个人需支付的金额" if CHINESE else "Your out-of-pocket amount"
YIDI, SEED_CASE, YIDI_CLI = sys.argv[1], sys.argv[2], sys.argv[3]


def yuan(decimal):
    """"9633.00" as the tab writes it: "¥9,633.00"."""
    whole, fen = decimal.split(".")
    return "¥{:,}.{}".format(int(whole), fen)


def engine_out_of_pocket(total):
    """The engine's answer for the seeded case and a quick bill of @total
    yuan: 10 % not covered, the rest class A."""
    fen = int(round(float(total) * 100))
    self_pay = (fen * 1000 + 5000) // 10000
    case = {
        "insured_place": "110000", "scheme": "employee", "member_status": "retired", "age": 70,
        "filing": {"category": "resettled_retiree", "filed": True, "settlement": "direct"},
        "visit": {"type": "inpatient", "admission": "2025-03-01", "discharge": "2025-03-12",
                  "treatment_place": "310000", "level": "level3"},
    }
    bill = {"class_a": fen - self_pay, "self_pay": self_pay}
    with tempfile.TemporaryDirectory() as d:
        case_path, bill_path = os.path.join(d, "case.json"), os.path.join(d, "bill.json")
        with open(case_path, "w") as f:
            json.dump(case, f)
        with open(bill_path, "w") as f:
            json.dump(bill, f)
        out = subprocess.run([YIDI_CLI, "estimate", "--case", case_path, "--bill", bill_path, "--json"],
                             check=True, capture_output=True, text=True).stdout
    return yuan(json.loads(out)["out_of_pocket"])


data_home = tempfile.mkdtemp(prefix="yidi-a11y-estimate-")
subprocess.run([SEED_CASE], check=True, env=dict(os.environ, XDG_DATA_HOME=data_home), capture_output=True)
tap = Tap()
app = App(YIDI, {"XDG_DATA_HOME": data_home})
window = app.window()


def out_of_pocket_label():
    return wait_for(lambda: next((n for n in find_all(window, role="label")
                                  if n.description == OOP_DESCRIPTION), None),
                    10, "the out-of-pocket label")


def bill_entry():
    return find(window, role="text", name=BILL_LABEL, timeout=10)


def test_open_the_tab():
    tabs = find(window, role="page tab list")
    click(find(tabs, role="page tab", name=TAB))
    bill_entry()


def test_type_a_bill():
    want = engine_out_of_pocket("50000")
    set_text(bill_entry(), "50000")
    label = out_of_pocket_label()
    wait_for(lambda: get_text(label) == want, 10, f"the out-of-pocket amount {want!r}")
    # The bar says who pays what in words, the same amount among them.
    wait_for(lambda: any("¥50,000.00" in (n.name or "") and want in n.name
                         for n in find_all(window, role="image")),
             5, "the bar saying the bill and the amount you pay")


def test_another_amount():
    want = engine_out_of_pocket("8000.50")
    set_text(bill_entry(), "8000.50")
    label = out_of_pocket_label()
    wait_for(lambda: get_text(label) == want, 10, f"the out-of-pocket amount {want!r}")


def test_bad_amount():
    entry = bill_entry()
    set_text(entry, "12,3x")
    wait_for(lambda: "12,3x" in entry.description, 5, "the entry saying why 12,3x is refused")
    if get_text(entry) != "12,3x":
        raise Failure(f"the entry was changed to {get_text(entry)!r}")
    label = out_of_pocket_label()
    wait_for(lambda: get_text(label) == "—", 5, "no amount while the entry is wrong")


tap.check("the Cost estimate tab opens by its name", test_open_the_tab)
tap.check("a bill typed into the entry named for it gives the engine's out-of-pocket amount", test_type_a_bill)
tap.check("another amount, another answer", test_another_amount)
tap.check("a bad amount is refused with the reason, and no amount is read", test_bad_amount)
app.close()
shutil.rmtree(data_home, ignore_errors=True)
sys.exit(tap.done())
