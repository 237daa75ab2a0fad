#!/usr/bin/env python3
"""tools/check-layers on a copy of the tree: passes as it is, fails on each kind of include or edge that breaks
the module graph, naming the file, the line and the rule."""

import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE = Path(sys.argv.pop(1) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2])
SCRIPT = SOURCE / "tools/check-layers"


class CheckLayers(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        for part in ("firmware/src", "hal", "drivers"):
            shutil.copytree(SOURCE / part, self.root / part)
        shutil.copy(SOURCE / "firmware/CMakeLists.txt", self.root / "firmware/CMakeLists.txt")

    def tearDown(self):
        self.tmp.cleanup()

    def run_check(self):
        done = subprocess.run([sys.executable, SCRIPT, "--root", self.root], capture_output=True, text=True)
        return done.returncode, done.stderr

    def add_include(self, relative, target):
        path = self.root / relative
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        # After the file's own header line(s), before the first line of code.
        at = next(i for i, line in enumerate(lines) if line.startswith("#include"))
        lines.insert(at, f'#include "{target}"\n')
        path.write_text("".join(lines), encoding="utf-8")
        return at + 1

    def test_the_tree_as_it_is_passes(self):
        code, err = self.run_check()
        self.assertEqual(code, 0, err)

    def test_an_upward_include_fails_with_file_and_line(self):
        line = self.add_include("firmware/src/session/citizen_session.cpp", "api/errors.hpp")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn(f"firmware/src/session/citizen_session.cpp:{line}: session includes \"api/errors.hpp\" "
                      "but does not depend on api", err)

    def test_a_declared_edge_that_closes_a_cycle_fails(self):
        cmake = self.root / "firmware/CMakeLists.txt"
        text = cmake.read_text(encoding="utf-8")
        self.assertIn("yici_module(metrics DEPENDS base)", text)
        cmake.write_text(text.replace("yici_module(metrics DEPENDS base)", "yici_module(metrics DEPENDS base ticket)"),
                         encoding="utf-8")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("the module graph has a cycle", err)
        self.assertRegex(err, r"metrics -> ticket -> ")

    def test_base_may_use_nothing_of_ours(self):
        self.add_include("firmware/src/base/error.hpp", "yici/hal/health.hpp")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("but base does not depend on hal", err)

    def test_the_firmware_reaches_drivers_only_through_their_registration(self):
        self.add_include("firmware/src/ticket/ticket_service.cpp", "printer/escpos/codec.hpp")
        self.add_include("firmware/src/ticket/ticket_service.cpp", "register_all.hpp")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("is a driver's own header", err)
        self.assertIn("only a composition root may register the drivers", err)

    def test_hal_and_drivers_never_include_the_firmware(self):
        self.add_include("hal/src/health.cpp", "config/board_config.hpp")
        self.add_include("drivers/register_all.cpp", "session/citizen_session.hpp")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("hal includes \"config/board_config.hpp\"", err)
        self.assertIn("drivers include \"session/citizen_session.hpp\"", err)

    def test_nothing_depends_on_a_composition_root(self):
        cmake = self.root / "firmware/CMakeLists.txt"
        text = cmake.read_text(encoding="utf-8")
        cmake.write_text(text.replace("yici_module(scan DEPENDS", "yici_module(scan DEPENDS ctl"), encoding="utf-8")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("scan depends on ctl, a composition root", err)

    def test_a_log_category_outside_the_module_log_file_fails(self):
        path = self.root / "firmware/src/ticket/ticket_service.cpp"
        path.write_text(path.read_text(encoding="utf-8") + 'YICI_LOG_DEFINE_CATEGORY(logAgain, "ticket")\n',
                        encoding="utf-8")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertRegex(err, r"firmware/src/ticket/ticket_service.cpp:\d+: defines a log category; ticket's one is "
                              r"in firmware/src/ticket/log.cpp")

    def test_a_module_log_category_named_after_another_fails(self):
        path = self.root / "firmware/src/hall/log.cpp"
        text = path.read_text(encoding="utf-8")
        self.assertIn('YICI_LOG_DEFINE_CATEGORY(log, "hall")', text)
        path.write_text(text.replace('"hall")', '"ticket")'), encoding="utf-8")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn("firmware/src/hall/log.cpp:5: hall's log category is log(), named \"hall\"", err)

    def test_an_include_without_its_module_folder_fails(self):
        self.add_include("firmware/src/store/database.cpp", "database.hpp")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn('include "store/database.hpp", with its module folder', err)


    def test_another_modules_internal_header_fails(self):
        line = self.add_include("firmware/src/ticket/ticket_service.cpp", "store/internal/journal.hpp")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn(f"firmware/src/ticket/ticket_service.cpp:{line}: \"store/internal/journal.hpp\" is internal "
                      "to store; include its public headers", err)

    def test_a_public_header_including_its_internal_one_fails(self):
        line = self.add_include("firmware/src/store/ticket_store.hpp", "store/internal/journal.hpp")
        code, err = self.run_check()
        self.assertEqual(code, 1)
        self.assertIn(f"firmware/src/store/ticket_store.hpp:{line}: a public header of store includes its internal "
                      "\"store/internal/journal.hpp\": its dependents would see it", err)

    def test_a_modules_own_source_may_include_its_internal_headers(self):
        self.add_include("firmware/src/store/ticket_store.cpp", "store/internal/journal.hpp")
        code, err = self.run_check()
        self.assertEqual(code, 0, err)

if __name__ == "__main__":
    unittest.main(verbosity=2)
