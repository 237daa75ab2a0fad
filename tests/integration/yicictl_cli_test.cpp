// yicictl's command line: a --help per command, --opt=value as well as --opt value, and exit 2 with the
// reason on stderr for an unknown option, a missing argument or an unknown command.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "harness.hpp"

using namespace yici;
namespace fs = std::filesystem;

namespace {

struct CtlRun {
    int code = -1;
    std::string out, err;
};

// yicictl ARGS with stdout and stderr apart (a shell sends stderr to its own file).
CtlRun yicictl(itest::Bench& bench, const std::vector<std::string>& args) {
    static int runs = 0;
    const std::string name = "ctl-" + std::to_string(++runs);
    const fs::path out = bench.dir / (name + ".out");
    const fs::path err = bench.dir / (name + ".err");
    std::vector<std::string> argv{"/bin/sh", "-c",         "e=$1; shift; exec \"$@\" 2>\"$e\"",
                                  "sh",      err.string(), itest::paths().yicictl};
    argv.insert(argv.end(), args.begin(), args.end());
    itest::Process ctl(argv, out);
    CtlRun run;
    run.code = ctl.wait();
    run.out = itest::readAll(out);
    run.err = itest::readAll(err);
    return run;
}

}  // namespace

TEST_CASE("yicictl COMMAND --help shows that command's options on stdout") {
    itest::Bench bench;
    const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> commands = {
        {{"status"}, {"URL", "--token-file", "--token", "--json", "http://127.0.0.1:9180"}},
        {{"selftest"}, {"URL", "--token-file"}},
        {{"config", "check"}, {"FILE"}},
        {{"devices"}, {"--sys", "/sys"}},
        {{"provision"},
         {"TEMPLATE", "--kiosk-id", "--hall-url", "--pin-stdin", "--pin-file", "--etc", "--data-dir"}},
        {{"bundle", "create"},
         {"--compatible", "--version", "--rootfs", "--cert", "--key", "--out", "--format"}},
        {{"bundle", "verify"}, {"BUNDLE", "--keyring", "--rauc-conf", "--board", "--allow-downgrade"}},
        {{"install"}, {"BUNDLE", "--board", "/etc/yici/board.toml", "--rauc-conf", "--allow-downgrade"}},
        {{"store", "check"}, {"--data-dir", "/var/lib/yici"}},
        {{"store", "recover"}, {"--data-dir", "--board", "--margin"}},
    };
    for (const auto& [command, options] : commands) {
        std::vector<std::string> args = command;
        args.push_back("--help");
        const CtlRun help = yicictl(bench, args);
        const std::string name = command.back();
        CHECK_MESSAGE(help.code == 0, name);
        CHECK_MESSAGE(help.err.empty(), name);
        for (const std::string& option : options)
            CHECK_MESSAGE(help.out.find(option) != std::string::npos, (name + ": " + option));
        if (name != "provision") CHECK_MESSAGE(help.out.find("--kiosk-id") == std::string::npos, name);
    }
    // The PIN on the command line is not offered any more.
    CHECK(yicictl(bench, {"provision", "--help"}).out.find("--pin ") == std::string::npos);
    const CtlRun all = yicictl(bench, {"--help"});
    CHECK(all.code == 0);
    for (const char* command : {"config", "status", "selftest", "devices", "provision", "bundle", "install"})
        CHECK_MESSAGE(all.out.find(command) != std::string::npos, command);
}

TEST_CASE("yicictl takes --opt=value as well as --opt value") {
    itest::Bench bench;
    const std::string missing = (bench.dir / "missing.token").string();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"status", "--token-file=" + missing, "http://127.0.0.1:1"},
          std::vector<std::string>{"status", "http://127.0.0.1:1", "--token-file", missing},
          std::vector<std::string>{"selftest", "--token=" + missing, "http://127.0.0.1:1"}}) {
        const CtlRun run = yicictl(bench, args);
        CHECK(run.code == 1);
        CHECK_MESSAGE(run.err.find(missing + ": cannot read the status token") != std::string::npos, run.err);
    }
    fs::create_directories(bench.dir / "sys");
    const CtlRun devices = yicictl(
        bench, {"devices", "--sys=" + (bench.dir / "sys").string(), "--sim=" + (bench.dir / "no").string()});
    CHECK(devices.code == 0);
    CHECK(devices.out.find("no ID-card reader bridge, USB printer, camera or USB serial port found") !=
          std::string::npos);
    // With yici-devsim running, its virtual reader and camera are named as the simulator's.
    bench.startDevsim();
    const CtlRun sim =
        yicictl(bench, {"devices", "--sys=" + (bench.dir / "sys").string(), "--sim=" + bench.dir.string()});
    CHECK(sim.code == 0);
    CHECK_MESSAGE(sim.out.find("yici-devsim's virtual SAM reader (a pty)") != std::string::npos, sim.out);
    CHECK(sim.out.find("device = \"" + bench.reader_link.string() + "\"") != std::string::npos);
    CHECK(sim.out.find("yici-devsim's virtual camera (PNG scenes)") != std::string::npos);
}

TEST_CASE("an unknown option, a missing argument or an unknown command is exit 2 with the reason on stderr") {
    itest::Bench bench;
    const CtlRun unknown = yicictl(bench, {"status", "--bogus"});
    CHECK(unknown.code == 2);
    CHECK(unknown.out.empty());
    CHECK(unknown.err.find("--bogus") != std::string::npos);
    CHECK(unknown.err.find("yicictl status --help") != std::string::npos);

    const CtlRun no_value = yicictl(bench, {"selftest", "--token-file"});
    CHECK(no_value.code == 2);
    CHECK(no_value.err.find("--token-file") != std::string::npos);

    const CtlRun no_file = yicictl(bench, {"config", "check"});
    CHECK(no_file.code == 2);
    CHECK(no_file.err.find("FILE") != std::string::npos);
    CHECK(no_file.err.find("yicictl config check --help") != std::string::npos);

    const CtlRun extra = yicictl(bench, {"devices", "surplus"});
    CHECK(extra.code == 2);
    CHECK(extra.err.find("surplus") != std::string::npos);

    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"frobnicate"}, std::vector<std::string>{},
          std::vector<std::string>{"bundle"}}) {
        const CtlRun bad = yicictl(bench, args);
        CHECK(bad.code == 2);
        CHECK(bad.out.empty());
        CHECK_FALSE(bad.err.empty());
    }
}
