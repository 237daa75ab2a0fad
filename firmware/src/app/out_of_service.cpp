// yicid's listeners without a store: the health that says why, and the screen that says where to go.
#include "app/out_of_service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>

#include <chrono>
#include <csignal>

#include "api/errors.hpp"
#include "api/status_api.hpp"
#include "app/background_tasks.hpp"
#include "app/log.hpp"
#include "app/server_options.hpp"
#include "app/systemd_notify.hpp"
#include "http/router.hpp"

namespace yici::app {
namespace {

namespace asio = boost::asio;

}  // namespace

int runOutOfService(asio::io_context& io, OutOfServiceParts parts) {
    const hal::Health storage{.level = hal::HealthLevel::critical,
                              .code = parts.problem.code,
                              .detail = parts.problem.message +
                                        "; the file is kept as it is: yicictl store check, then yicictl "
                                        "store recover",
                              .since = std::chrono::system_clock::now()};
    metrics::Registry registry;
    const api::StatusMetrics metrics(registry);
    metrics.build_info.set({{"version", YICI_VERSION},
                            {"board", parts.board.file.stem().string()},
                            {"kiosk_id", parts.board.kiosk.id}},
                           1);
    api::StatusApi status{.metrics = metrics};
    status.kiosk_id = parts.board.kiosk.id;
    status.version = YICI_VERSION;
    status.started = std::chrono::steady_clock::now();
    status.devices = {{"storage", [storage] { return storage; }, true}};
    status.token = std::move(parts.status_token);
    status.self_test = [storage]() -> asio::awaitable<selftest::Report> {
        co_return selftest::Report{.passed = false, .checks = {{"storage", false, storage.detail}}};
    };
    auto status_router = std::make_shared<http::Router>();
    api::addStatusRoutes(*status_router, status);
    // The page itself loads; what it asks of the kiosk is answered with where to go instead.
    auto ui_router = std::make_shared<http::Router>();
    ui_router->addPrefix("/api/", [&parts](const http::Request& r) -> asio::awaitable<http::Response> {
        co_return api::errorResponse(r, parts.problem.code);
    });
    ui_router->fallback([&parts](const http::Request& r) -> asio::awaitable<http::Response> {
        co_return parts.ui_files.serve(r);
    });
    http::Server ui_server(io.get_executor(), ui_router, uiServerOptions());
    http::Server status_server(io.get_executor(), status_router, statusServerOptions(parts.status_tls));
    auto listening = ui_server.listen(parts.board.ui.listen);
    if (listening) listening = status_server.listen(parts.board.status.listen);
    if (!listening) {
        log()->error("{}", listening.error().message);
        return 1;
    }
    log()->error(
        "out of service: the database cannot be used ({}). The file is kept as it is; yicid serves only "
        "/health and a screen that sends citizens to the pre-registration desk. Run yicictl store check, "
        "then yicictl store recover, then restart yicid.",
        parts.problem.message);

    SystemdNotifier systemd;
    if (const auto interval = systemd.watchdogInterval())
        asio::co_spawn(io, watchdogLoop(systemd, *interval), asio::detached);
    asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](const boost::system::error_code& error, int) {
        if (error) return;
        systemd.notify("STOPPING=1");
        ui_server.close();
        status_server.close();
        io.stop();
    });
    asio::post(io, [&systemd] { systemd.notify("READY=1"); });
    io.run();
    log()->info("stopped");
    return 0;
}

}  // namespace yici::app
