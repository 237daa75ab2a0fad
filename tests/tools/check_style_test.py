#!/usr/bin/env python3
"""tools/check-style on a small git tree with our .clang-format and .clang-tidy: passes when clean, fails on a
missing header line, an unformatted file, a real bug clang-tidy knows and a constant named against the rule;
and the real tree keeps its header lines."""

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE = Path(sys.argv.pop(1) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2])
SCRIPT = SOURCE / "tools/check-style"
TIDY = any(shutil.which(f"clang-tidy-{v}") for v in range(16, 21))

CLEAN = """\
// A clean unit: std::expected copied (what clang-tidy 14 cannot parse), snake_case constants.
#include <expected>
#include <string>

namespace demo {

constexpr int elderly_age = 70;

std::expected<std::string, int> name(int age) {
    if (age < elderly_age) return std::unexpected(age);
    return std::string("senior");
}

class Counter {
  public:
    int left() const { return limit_ - used_; }

  private:
    const int limit_ = 3;  // a private const member: snake_case with its `_`
    int used_ = 0;
};

std::string copied(int age) {
    const auto first = name(age);
    auto second = first;
    return second ? *second : std::string();
}

}  // namespace demo
"""


class CheckStyle(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        for name in (".clang-format", ".clang-tidy"):
            shutil.copy(SOURCE / name, self.root / name)
        (self.root / "firmware/src/demo").mkdir(parents=True)
        self.write("firmware/src/demo/demo.cpp", CLEAN)
        subprocess.run(["git", "init", "-q", str(self.root)], check=True)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, relative, text):
        (self.root / relative).write_text(text, encoding="utf-8")

    def run_check(self, only):
        subprocess.run(["git", "-C", str(self.root), "add", "-A"], check=True)
        build = self.root / "build"
        build.mkdir(exist_ok=True)
        units = [p for p in (self.root / "firmware/src/demo").glob("*.cpp")]
        (build / "compile_commands.json").write_text(json.dumps([
            {"directory": str(build), "file": str(p), "command": f"/usr/bin/c++ -std=c++23 -Werror -c {p}"}
            for p in units]))
        done = subprocess.run([sys.executable, SCRIPT, "--root", self.root, "--build", build, "--only", only],
                              capture_output=True, text=True)
        return done.returncode, done.stdout

    def test_a_clean_tree_passes(self):
        code, out = self.run_check("header,format,tidy" if TIDY else "header,format")
        self.assertEqual(code, 0, out)

    def test_a_file_without_its_header_line_fails(self):
        self.write("firmware/src/demo/demo.cpp", CLEAN.split("\n", 1)[1])
        code, out = self.run_check("header")
        self.assertEqual(code, 1)
        self.assertIn("firmware/src/demo/demo.cpp:1: no one-line header comment", out)

    def test_an_unformatted_file_fails(self):
        self.write("firmware/src/demo/demo.cpp", CLEAN.replace("    return std::string(\"senior\");",
                                                               "  return   std::string(\"senior\");"))
        code, out = self.run_check("format")
        self.assertEqual(code, 1)
        self.assertIn("firmware/src/demo/demo.cpp: not clang-formatted", out)

    @unittest.skipUnless(TIDY, "no clang-tidy 16 or newer (tools/setup installs clang-tidy-16)")
    def test_a_use_after_move_fails(self):
        self.write("firmware/src/demo/moved.cpp", """\
// A unit with a bug: a string read after it was moved from.
#include <string>
#include <utility>

namespace demo {
std::size_t moved(std::string s) {
    std::string taken = std::move(s);
    return s.size() + taken.size();
}
}  // namespace demo
""")
        code, out = self.run_check("tidy")
        self.assertEqual(code, 1)
        self.assertIn("moved.cpp:8:12: error: 's' used after it was moved [bugprone-use-after-move", out)

    @unittest.skipUnless(TIDY, "no clang-tidy 16 or newer (tools/setup installs clang-tidy-16)")
    def test_a_constant_not_in_snake_case_fails(self):
        self.write("firmware/src/demo/demo.cpp", CLEAN.replace("elderly_age", "elderlyAge"))
        code, out = self.run_check("tidy")
        self.assertEqual(code, 1)
        self.assertIn("invalid case style for constant 'elderlyAge' [readability-identifier-naming", out)

    def test_every_file_of_the_tree_has_its_header_line(self):
        done = subprocess.run([sys.executable, SCRIPT, "--root", SOURCE, "--only", "header"], capture_output=True,
                              text=True)
        self.assertEqual(done.returncode, 0, done.stdout)


if __name__ == "__main__":
    unittest.main()
