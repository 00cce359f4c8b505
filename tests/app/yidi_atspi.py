# SPDX-License-Identifier: GPL-3.0-or-later
"""Driving Yidi the way a screen reader sees it: over AT-SPI with pyatspi.

Run under one Xvfb and one D-Bus session (build-aux/dev test does), with
/usr/bin/python3: pyatspi is a Debian package, not a pip module. Without
it, importing this module skips the test."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# G_DEBUG=fatal-warnings is for Yidi, not for this process: libatspi warns
# when an application it listed has just gone (the one the previous test
# quit). GLib reads G_DEBUG when it is loaded, so this comes first.
APP_G_DEBUG = os.environ.pop("G_DEBUG", None)

SKIP = 77

try:
    import pyatspi  # noqa: E402
except ImportError:
    print("1..0 # SKIP pyatspi is missing: run with /usr/bin/python3 and python3-pyatspi", flush=True)
    sys.exit(SKIP)

# The language the test runs in, as meson sets it: "en" or "zh_CN".
LANGUAGE = os.environ.get("YIDI_TEST_LANGUAGE", "en")
CHINESE = LANGUAGE.startswith("zh")


class Failure(Exception):
    pass


def wait_for(predicate, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception:  # the tree changes under us while the app works
            value = None
        if value:
            return value
        time.sleep(0.05)
    raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")


def children(node):
    try:
        return [c for c in node if c is not None]
    except Exception:
        return []


def walk(node, depth=0, max_depth=40):
    yield node
    if depth < max_depth:
        for child in children(node):
            yield from walk(child, depth + 1, max_depth)


def find_all(root, role=None, name=None, showing=None):
    found = []
    for node in walk(root):
        try:
            if role is not None and node.getRoleName() != role:
                continue
            if name is not None and node.name != name:
                continue
            if showing is not None and node.getState().contains(pyatspi.STATE_SHOWING) != showing:
                continue
        except Exception:
            continue
        found.append(node)
    return found


def find(root, role=None, name=None, showing=None, timeout=10.0):
    return wait_for(lambda: (find_all(root, role, name, showing) or [None])[0], timeout,
                    f"{role or 'widget'} named {name!r}")


def has_state(node, state):
    return node.getState().contains(state)


def click(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate", "toggle"):
            action.doAction(i)
            return
    raise Failure(f"{node.name!r} has no click action")


def set_text(node, text):
    editable = node.queryEditableText()
    editable.setTextContents(text)


def get_text(node):
    t = node.queryText()
    return t.getText(0, t.characterCount)


class App:
    """Starts the yidi binary with the test environment and finds it on the bus.
    Unless told otherwise, it gets a data directory of its own (removed on
    close), so it never opens the user's saved cases."""

    def __init__(self, binary, env_overrides=None):
        if not os.environ.get("DISPLAY"):
            print("1..0 # SKIP no display")
            sys.exit(SKIP)
        self.desktop = pyatspi.Registry.getDesktop(0)
        env = dict(os.environ)
        env.pop("NO_AT_BRIDGE", None)
        if APP_G_DEBUG:
            env["G_DEBUG"] = APP_G_DEBUG
        self.data_home = None
        if "XDG_DATA_HOME" not in (env_overrides or {}):
            self.data_home = tempfile.mkdtemp(prefix="yidi-atspi-")
            env["XDG_DATA_HOME"] = self.data_home
        env.update(env_overrides or {})
        self.process = subprocess.Popen([binary], env=env)
        self.node = wait_for(self._find_app, 20, "the yidi application on the accessibility bus")

    def _find_app(self):
        for app in children(self.desktop):
            try:
                if app.get_process_id() == self.process.pid:
                    return app
            except Exception:
                continue
        return None

    def window(self):
        return find(self.node, role="frame")

    def close(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.data_home is not None:
            shutil.rmtree(self.data_home, ignore_errors=True)


class Tap:
    """A minimal TAP producer so meson reports each check."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, description, func):
        self.count += 1
        try:
            func()
            print(f"ok {self.count} {description}", flush=True)
        except Exception as e:  # report every failure, keep going
            self.failed += 1
            print(f"not ok {self.count} {description}\n# {type(e).__name__}: {e}", flush=True)

    def done(self):
        print(f"1..{self.count}", flush=True)
        return 1 if self.failed else 0
