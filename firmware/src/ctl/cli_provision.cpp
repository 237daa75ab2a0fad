// yicictl provision TEMPLATE --kiosk-id ID ...: this kiosk's board config, TLS files and status token, with
// the technician PIN from stdin (--pin-stdin) or a file (--pin-file), never from the command line.
// yicictl pin-hash: the argon2id hash of a PIN read the same way, for a config written by hand.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "base/secure_wipe.hpp"
#include "ctl/cli.hpp"
#include "ctl/pin_input.hpp"
#include "ctl/provision.hpp"
#include "privacy/pin_hash.hpp"

namespace yici::ctl {
namespace {

struct ProvisionOptions {
    std::string board_template, etc_dir = "/etc/yici", data_dir = "/var/lib/yici";
    std::string ca_file, cert_file, key_file, status_cert_file, status_key_file;
    std::string pin_file;
    bool pin_stdin = false;
    std::string pin_on_argv;  // the old --pin DIGITS: refused, with what to use instead
    bool pin_given = false;
    ProvisionRequest request;
};

int provisionCommand(ProvisionOptions& o) {
    base::secureWipe(o.pin_on_argv);
    if (o.pin_given) {
        std::fprintf(
            stderr,
            "yicictl: --pin is not accepted: every user can read a command line (/proc/PID/cmdline). "
            "Give the PIN on stdin with --pin-stdin, or in a file with --pin-file FILE\n");
        return 2;
    }
    ProvisionRequest& request = o.request;
    request.board_template = o.board_template;
    request.etc_dir = o.etc_dir;
    request.data_dir = o.data_dir;
    request.ca_file = o.ca_file;
    request.cert_file = o.cert_file;
    request.key_file = o.key_file;
    request.status_cert_file = o.status_cert_file;
    request.status_key_file = o.status_key_file;
    if (o.pin_stdin || !o.pin_file.empty()) {
        auto pin = o.pin_stdin ? readPinLine(STDIN_FILENO) : readPinFile(o.pin_file);
        if (!pin) {
            std::fprintf(stderr, "yicictl: not provisioned: %s\n", pin.error().message.c_str());
            return 1;
        }
        request.technician_pin = std::move(*pin);
    }
    std::string warnings;
    const auto done = provision(request, warnings);
    base::secureWipe(request.technician_pin);
    for (std::size_t at = 0; at < warnings.size();) {
        const std::size_t end = std::min(warnings.find('\n', at), warnings.size());
        std::fprintf(stderr, "yicictl: %.*s\n", static_cast<int>(end - at), warnings.data() + at);
        at = end + 1;
    }
    if (!done) {
        std::fprintf(stderr, "yicictl: not provisioned: %s\n", done.error().message.c_str());
        return 1;
    }
    std::printf("%s: kiosk %s\n", done->board.c_str(), request.kiosk_id.c_str());
    std::printf("%s: %s; give it to the hall server's operator (it is the bearer token of /health)\n",
                done->token.c_str(),
                done->new_token ? "a new status token" : "the existing status token, kept");
    std::printf("%s: ready for yicid (mode 0700)\n", request.data_dir.c_str());
    std::printf("%s: this board's devices and addresses for yicid.service; then systemctl daemon-reload\n",
                done->dropin.c_str());
    return 0;
}

int pinHashCommand(const std::string& pin_file) {
    auto pin = pin_file.empty() ? readPinLine(STDIN_FILENO) : readPinFile(pin_file);
    if (!pin) {
        std::fprintf(stderr, "yicictl: %s\n", pin.error().message.c_str());
        return 1;
    }
    auto hash = privacy::hashPin(*pin);
    base::secureWipe(*pin);
    if (!hash) {
        std::fprintf(stderr, "yicictl: %s\n", hash.error().message.c_str());
        return 1;
    }
    std::printf("%s\n", hash->c_str());
    return 0;
}

void addPinHashCommand(CLI::App& app, Run& run) {
    CLI::App* command = app.add_subcommand("pin-hash",
                                           "print the argon2id hash of a technician PIN (6-12 digits) read "
                                           "from stdin, for [ui] technician_pin_hash");
    auto pin_file = std::make_shared<std::string>();
    command->add_option("--pin-file", *pin_file, "read the PIN from FILE's one line instead")
        ->type_name("FILE");
    command->callback([&run, pin_file] { run = [pin_file] { return pinHashCommand(*pin_file); }; });
}

}  // namespace

void addProvisionCommands(CLI::App& app, Run& run) {
    addPinHashCommand(app, run);
    CLI::App* command = app.add_subcommand(
        "provision",
        "write this kiosk's board config (default /etc/yici/board.toml), TLS files and status token "
        "from a board template, with yici-only access");
    auto o = std::make_shared<ProvisionOptions>();
    command->add_option("TEMPLATE", o->board_template, "the board template (board-configs/NAME.toml)")
        ->required();
    command->add_option("--kiosk-id", o->request.kiosk_id, "this kiosk's id, unique in the county")
        ->type_name("ID");
    command->add_option("--hall-url", o->request.hall_url, "the hall server (default: the template's)")
        ->type_name("URL");
    command
        ->add_option("--offline-prefix", o->request.offline_prefix,
                     "this kiosk's prefix for offline ticket numbers (default: the template's)")
        ->type_name("P");
    command->add_option("--ca", o->ca_file, "the CA bundle of the hall's certificate")->type_name("FILE");
    auto* cert =
        command->add_option("--cert", o->cert_file, "this kiosk's client certificate")->type_name("FILE");
    auto* key = command->add_option("--key", o->key_file, "its private key")->type_name("FILE");
    cert->needs(key);
    key->needs(cert);
    auto* status_cert = command
                            ->add_option("--status-cert", o->status_cert_file,
                                         "the certificate (chain) of this kiosk's status listener, for HTTPS")
                            ->type_name("FILE");
    auto* status_key =
        command->add_option("--status-key", o->status_key_file, "its private key")->type_name("FILE");
    status_cert->needs(status_key);
    status_key->needs(status_cert);
    auto* pin_stdin = command->add_flag("--pin-stdin", o->pin_stdin,
                                        "read the technician PIN (6-12 digits) from stdin, one line; on a "
                                        "terminal it is asked twice without echo");
    auto* pin_file =
        command->add_option("--pin-file", o->pin_file, "read the technician PIN from FILE's one line")
            ->type_name("FILE");
    pin_stdin->excludes(pin_file);
    auto* old_pin = command->add_option("--pin", o->pin_on_argv)->group("");  // hidden: says what replaced it
    command->add_option("--etc", o->etc_dir, "where the config goes")
        ->type_name("DIR")
        ->capture_default_str();
    command->add_option("--data-dir", o->data_dir, "yicid's data dir")
        ->type_name("DIR")
        ->capture_default_str();
    command
        ->add_option("--systemd-dir", o->request.systemd_dir,
                     "where yicid.service.d/50-board.conf goes (default: ETC/../systemd/system)")
        ->type_name("DIR");
    command->callback([&run, o, old_pin] {
        o->pin_given = old_pin->count() > 0;
        run = [o] { return provisionCommand(*o); };
    });
}

}  // namespace yici::ctl
