// yicictl bundle create|verify and install: RAUC update bundles signed, checked against a board, installed.
#include <memory>
#include <string>

#include "ctl/bundle.hpp"
#include "ctl/cli.hpp"

namespace yici::ctl {
namespace {

struct CheckOptions {
    std::string bundle;
    std::string board, rauc_conf, keyring;
    bool allow_downgrade = false;
    std::string download_dir = BundleCheck{}.download_dir.string();

    BundleCheck check() const {
        BundleCheck c;
        c.board = board;
        c.rauc_conf = rauc_conf;
        c.keyring = keyring;
        c.allow_downgrade = allow_downgrade;
        c.download_dir = download_dir;
        return c;
    }
};

// --board, --rauc-conf and --allow-downgrade, which verify and install share.
void addCheckOptions(CLI::App& command, CheckOptions& o, const char* board_help) {
    command.add_option("--board", o.board, board_help)->type_name("FILE");
    command.add_option("--rauc-conf", o.rauc_conf, "rauc's system.conf, whose keyring checks the signature")
        ->type_name("FILE");
    command.add_flag("--allow-downgrade", o.allow_downgrade, "accept a version older than the installed one");
}

void addCreate(CLI::App& bundle, Run& run) {
    CLI::App* create = bundle.add_subcommand(
        "create", "a signed RAUC update bundle (tools/make-bundle builds the image and calls this)");
    auto spec = std::make_shared<BundleSpec>();
    auto rootfs = std::make_shared<std::string>();
    auto cert = std::make_shared<std::string>();
    auto key = std::make_shared<std::string>();
    auto keyring = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    create->add_option("--compatible", spec->compatible, "the board's RAUC compatible ([update] compatible)")
        ->type_name("C");
    create->add_option("--version", spec->version, "the firmware version in the bundle")->type_name("X.Y.Z");
    create->add_option("--rootfs", *rootfs, "the ext4 image for the rootfs slot")->type_name("IMAGE.ext4");
    create->add_option("--cert", *cert, "the signing certificate")->type_name("FILE");
    create->add_option("--key", *key, "its private key")->type_name("FILE");
    create->add_option("--out", *out, "the bundle to write")->type_name("FILE");
    create->add_option("--format", spec->format, "verity (boards) or plain (kernels without device-mapper)")
        ->type_name("verity|plain")
        ->capture_default_str();
    create->add_option("--keyring", *keyring, "a CA the new signature is checked against")
        ->type_name("CA.pem");
    create->callback([&run, spec, rootfs, cert, key, keyring, out] {
        run = [spec, rootfs, cert, key, keyring, out] {
            spec->rootfs = *rootfs;
            spec->cert = *cert;
            spec->key = *key;
            spec->keyring = *keyring;
            spec->out = *out;
            return createBundle(*spec);
        };
    });
}

void addVerify(CLI::App& bundle, Run& run) {
    CLI::App* verify = bundle.add_subcommand(
        "verify",
        "check a bundle's signature; with a board config also its board and version, as install does");
    auto o = std::make_shared<CheckOptions>();
    verify->add_option("BUNDLE", o->bundle, "the bundle file")->required();
    verify->add_option("--keyring", o->keyring, "a CA certificate to check the signature against")
        ->type_name("CA.pem");
    addCheckOptions(*verify, *o, "a board config whose [update] compatible the bundle must match");
    verify->callback([&run, o] { run = [o] { return verifyBundle(o->bundle, o->check()); }; });
}

}  // namespace

void addBundleCommands(CLI::App& app, Run& run) {
    CLI::App* bundle = app.add_subcommand("bundle", "RAUC update bundles");
    bundle->require_subcommand(1);
    addCreate(*bundle, run);
    addVerify(*bundle, run);

    CLI::App* install = app.add_subcommand(
        "install",
        "check a signed update bundle against this board and the installed version, then install it "
        "into the other slot");
    auto o = std::make_shared<CheckOptions>();
    o->board = "/etc/yici/board.toml";
    install->add_option("BUNDLE", o->bundle, "the bundle: a file, or an http(s) URL to download")
        ->type_name("BUNDLE|URL")
        ->required();
    addCheckOptions(*install, *o, "this board's config");
    install->get_option("--board")->capture_default_str();
    install
        ->add_option("--download-dir", o->download_dir,
                     "where a bundle from a URL is downloaded: a partition other than the database's")
        ->type_name("DIR")
        ->capture_default_str();
    install->callback([&run, o] { run = [o] { return installBundle(o->bundle, o->check()); }; });
}

}  // namespace yici::ctl
